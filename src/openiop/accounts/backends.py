from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.utils import timezone

from openiop.audit.client_ip import client_ip


class AddressLockoutBackend:
    """Refuses every sign-in from an address with OPENIOP_LOGIN_FAILURES_PER_ADDRESS failed attempts, across
    all user names, in the lockout window (django-axes locks one user name + address; this stops one password
    sprayed over many user names). It counts axes's own failure records, so it holds across server processes,
    and a user's failures are forgotten when they sign in (AXES_RESET_ON_SUCCESS). Runs after axes's backend."""

    def authenticate(self, request, **credentials):
        if request is not None and address_locked_out(client_ip(request)):
            request.axes_locked_out = True
            request.address_locked_out = True
            raise PermissionDenied
        return None  # no get_user: sessions never name this backend (Client.force_login takes the first with one)


def address_locked_out(address: str) -> bool:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return (failures or 0) >= settings.OPENIOP_LOGIN_FAILURES_PER_ADDRESS


class PasswordBackend(ModelBackend):
    """Checks passwords only. Permissions come from the role table (accounts.rules), never from
    Django's permission tables, so there is one source of truth and no extra queries per check."""

    def user_can_authenticate(self, user) -> bool:
        """Inactive users, and demo users on a production server, neither sign in nor keep a session
        (``get_user`` asks this too, so an existing session ends on its next request)."""
        if getattr(user, "is_demo", False) and not settings.OPENIOP_DEMO_ALLOWED:
            return False
        return super().user_can_authenticate(user)

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def get_all_permissions(self, user_obj, obj=None):
        return set()
