"""Role capabilities registered with django-rules, so ``user.has_perm`` and ``{{ perms }}`` read them."""

import rules

from .roles import CAPABILITIES


def _role_in(roles: frozenset[str]):
    @rules.predicate
    def has_role(user) -> bool:
        return bool(user.is_authenticated and user.is_active and user.role in roles)

    return has_role


for capability, roles_granted in CAPABILITIES.items():
    rules.add_perm(capability, _role_in(roles_granted))
