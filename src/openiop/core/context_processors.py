from django.conf import settings


def site(request):
    return {
        "idle_timeout_seconds": settings.OPENIOP_IDLE_TIMEOUT_MINUTES * 60,
        "site_profile": settings.PROFILE,
        "privacy_to_review": _privacy_to_review(request),
    }


def _privacy_to_review(request):
    """For the privacy officer's menu: emergency access still to review (one query, only for them)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("privacy.review"):
        return 0
    from openiop.privacy.selectors import unreviewed_break_glass_count

    return unreviewed_break_glass_count
