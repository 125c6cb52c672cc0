import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from openiop.audit.services import audit_record

_PASSWORD_OPEN_PREFIXES = ("/accounts/password/", "/accounts/logout/", "/static/", "/favicon")
# Paths a signed-in user may reach before finishing the second factor. Not the password change: a password
# alone (perhaps phished) must not replace the password and lock the real user out. The one exception is the
# forced change of a temporary password, which comes before enrolling (PasswordChangeRequiredMiddleware).
_MFA_OPEN_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/mfa/",
    "/static/",
    "/favicon",
)
# A URL path, not a password.
_PASSWORD_CHANGE_PATH = "/accounts/password/"  # noqa: S105  # nosec B105


SIGNED_IN_AT = "signed_in_at"


def stamp_sign_in(request) -> None:
    """Called right after login(): the session's absolute lifetime counts from here."""
    request.session[SIGNED_IN_AT] = time.time()


class IdleTimeoutMiddleware:
    """End the session after OPENIOP_IDLE_TIMEOUT_MINUTES without a request, and in any case
    OPENIOP_SESSION_MAX_HOURS after signing in (ASVS 3.3.2: activity does not extend it); re-login returns to
    the page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            signed_in_at = request.session.get(SIGNED_IN_AT)
            if signed_in_at is not None and now - signed_in_at > settings.OPENIOP_SESSION_MAX_HOURS * 3600:
                return self._sign_out(request, reason="session_lifetime", flag="expired")
            last = request.session.get("last_activity")
            if last is not None and now - last > settings.OPENIOP_IDLE_TIMEOUT_MINUTES * 60:
                return self._sign_out(request, reason="idle", flag="timeout")
            if signed_in_at is None:
                # A session from before this stamp existed (or a test's force_login): its lifetime starts now.
                request.session[SIGNED_IN_AT] = now
            # Stamped at most every 30 s: a session write on every request costs a transaction.
            if last is None or now - last > 30:
                request.session["last_activity"] = now
        return self.get_response(request)

    @staticmethod
    def _sign_out(request, *, reason: str, flag: str):
        user = request.user
        logout(request)
        audit_record(user=user, action="logout", object_type="session", detail={"reason": reason})
        login_url = reverse("accounts:login")
        next_path = request.get_full_path() if request.method == "GET" else "/"
        if request.htmx:
            # A partial request: send the whole page to sign-in, returning to the page on screen.
            current = urlsplit(request.htmx.current_url or "/")
            next_path = current.path + (f"?{current.query}" if current.query else "")
            return HttpResponseClientRedirect(f"{login_url}?{urlencode({'next': next_path, flag: 1})}")
        return redirect(f"{login_url}?{urlencode({'next': next_path, flag: 1})}")


class PasswordChangeRequiredMiddleware:
    """A temporary password opens nothing but the page to choose a new one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password and not request.path.startswith(_PASSWORD_OPEN_PREFIXES):
            return redirect(reverse("accounts:password_change"))
        return self.get_response(request)


class MfaRequiredMiddleware:
    """Roles that must use a second factor reach nothing but the MFA pages until they have."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        needs_second_factor = user.is_authenticated and not user.is_verified_or_exempt
        open_path = request.path.startswith(_MFA_OPEN_PREFIXES) or (
            user.is_authenticated and user.must_change_password and request.path.startswith(_PASSWORD_CHANGE_PATH)
        )
        if needs_second_factor and not open_path:
            return redirect(f"{reverse('accounts:mfa')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
