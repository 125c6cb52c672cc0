from datetime import timedelta

from django.utils import timezone

from openiop.audit.models import AuditEvent, Outcome
from openiop.patients.models import Patient

from .models import BreakGlassAccess


def break_glass_to_review(*, limit: int = 100):
    return list(
        BreakGlassAccess.objects.select_related("user", "patient", "reviewed_by").order_by(
            "reviewed_at", "-created_at"
        )[:limit]
    )


def unreviewed_break_glass_count() -> int:
    return BreakGlassAccess.objects.filter(reviewed_at__isnull=True).count()


def denied_attempts(*, days: int = 30, limit: int = 50):
    since = timezone.now() - timedelta(days=days)
    return list(
        AuditEvent.objects.filter(outcome=Outcome.DENIED, occurred_at__gte=since).order_by("-occurred_at")[:limit]
    )


def restricted_patients():
    return list(
        Patient.objects.filter(is_restricted=True)
        .prefetch_related("restricted_access__user")
        .order_by("legal_last_name", "legal_first_name")
    )
