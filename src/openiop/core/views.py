from django.http import JsonResponse
from django.views.defaults import page_not_found


def not_found(request, exception=None):
    """API clients get JSON for an unknown URL too (say, a patient id that is not a whole number)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)
