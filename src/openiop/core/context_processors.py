from django.conf import settings


def site(request):
    return {
        "idle_timeout_seconds": settings.OPENIOP_IDLE_TIMEOUT_MINUTES * 60,
        "site_profile": settings.PROFILE,
    }
