import sys

from django.http import JsonResponse
from django.views.defaults import page_not_found
from django.views.defaults import server_error as plain_server_error

from .busy import database_busy_response, is_database_busy


def not_found(request, exception=None):
    """API clients get JSON for an unknown URL too (say, a patient id that is not a whole number)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)


def server_error(request):
    """A 500, except that a locked database (met in a middleware, e.g. saving the session) answers 503."""
    if is_database_busy(sys.exc_info()[1]):
        return database_busy_response(request)
    return plain_server_error(request)
