from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    """Checks passwords only. Permissions come from the role table (accounts.rules), never from
    Django's permission tables, so there is one source of truth and no extra queries per check."""

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def get_all_permissions(self, user_obj, obj=None):
        return set()
