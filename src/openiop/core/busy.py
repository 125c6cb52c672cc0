"""A locked database answers 503 at once, says nothing was saved, and hands the typed answers back.

SQLite lets one writer at a time; another waits up to its busy timeout (settings: a few seconds) and then
fails with "database is locked". Instead of a 500 that loses the form, the user gets 503 + Retry-After and a
page holding what they typed, in a form that posts it again to the same address (a fresh CSRF token;
passwords, one-time codes and files are never echoed). The API gets the same answer as JSON.
"""

from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 5
# Never written back into a page: secrets, and the CSRF token (a fresh one is issued).
_NOT_ECHOED = ("password", "token", "otp", "csrfmiddlewaretoken")


def is_database_busy(error: BaseException | None) -> bool:
    if not isinstance(error, OperationalError):
        return False
    message = str(error).lower()
    return "locked" in message or "lock timeout" in message


def database_busy_response(request) -> HttpResponse:
    message = f"The system is busy. Nothing was saved. Try again in {RETRY_AFTER_SECONDS} seconds."
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=503)
    else:
        fields, had_files = [], False
        if request.method == "POST":
            try:
                fields = [
                    (name, value)
                    for name, values in request.POST.lists()
                    if not any(secret in name.lower() for secret in _NOT_ECHOED)
                    for value in values
                ]
                had_files = bool(request.FILES)
            except Exception:  # noqa: BLE001 - an unreadable body: offer no answers back, still answer 503
                fields = []
        context = {
            "action": request.path,
            "fields": fields,
            "had_files": had_files,
            "is_post": request.method == "POST",
            "csrf_token": get_token(request),
            "retry_after": RETRY_AFTER_SECONDS,
        }
        # No request context: its processors would query the busy database again.
        response = HttpResponse(render_to_string("core/busy.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseBusyMiddleware:
    """A view that meets a locked database answers 503 (middleware errors reach core.views.server_error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_busy(exception):
            return database_busy_response(request)
        return None
