"""Emergency-access look-ups that match no patient, counted per user in the cache: after
OPENIOP_BREAK_GLASS_LOOKUP_LIMIT (5) within OPENIOP_BREAK_GLASS_LOOKUP_WINDOW_MINUTES (15), the user's
look-ups are refused until the window passes, so the form cannot be used to guess MRNs and birthdays.

A local policy, not a regulation: 42 CFR 2.51 asks for the record of the disclosure; the limit follows the
same idea as the sign-in lock-out (django-axes). Both numbers are settings."""

from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMIT = 5
DEFAULT_WINDOW_MINUTES = 15


def _limit() -> int:
    return int(getattr(settings, "OPENIOP_BREAK_GLASS_LOOKUP_LIMIT", DEFAULT_LIMIT))


def _window_seconds() -> int:
    return 60 * int(getattr(settings, "OPENIOP_BREAK_GLASS_LOOKUP_WINDOW_MINUTES", DEFAULT_WINDOW_MINUTES))


def _key(user) -> str:
    return f"openiop:break-glass-lookups:{user.pk}"


def lookups_exhausted(user) -> bool:
    return cache.get(_key(user), 0) >= _limit()


def lookup_failed(user) -> None:
    """Count one look-up that matched no patient; the window starts at the first of them."""
    key = _key(user)
    if cache.add(key, 1, timeout=_window_seconds()):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=_window_seconds())


def lookup_limit_message() -> str:
    minutes = _window_seconds() // 60
    return (
        f"Too many emergency-access look-ups matched no patient, so look-ups are paused for up to {minutes} "
        "minutes. Check the MRN and date of birth with the patient's records; in an emergency that cannot wait, "
        "call the privacy officer or a director of the patient's program."
    )
