from django.conf import settings
from django.contrib.auth.backends import ModelBackend


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
