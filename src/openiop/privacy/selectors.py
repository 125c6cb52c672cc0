from datetime import timedelta

from django.utils import timezone

from openiop.audit.models import Action, AuditEvent, Outcome
from openiop.audit.selectors import with_patient_mrn
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


# Refusals at the door (a wrong password, a wrong or re-used second-factor code): authentication noise, listed
# apart from refusals of patient data so a flood of the one never hides the other.
SIGN_IN_ACTIONS = (Action.LOGIN, Action.LOGIN_FAILED, Action.MFA, Action.LOGOUT)


def denied_attempts(*, kind: str = "patient_data", days: int = 30, limit: int = 50):
    """Refusals of the last ``days``: ``kind`` "patient_data" (pages, objects, exports, outside systems) or
    "sign_in" (log-in and second-factor refusals)."""
    since = timezone.now() - timedelta(days=days)
    events = with_patient_mrn(AuditEvent.objects.filter(outcome=Outcome.DENIED, occurred_at__gte=since))
    if kind == "sign_in":
        events = events.filter(action__in=SIGN_IN_ACTIONS)
    elif kind == "patient_data":
        events = events.exclude(action__in=SIGN_IN_ACTIONS)
    else:
        raise ValueError(f"unknown kind of denied attempt {kind!r}")
    return list(events.order_by("-occurred_at", "-sequence")[:limit])


def pages_viewed_under(grant: BreakGlassAccess):
    """Every audited event of the user's while working under ``grant``, in order (the middleware marks each
    row of such a request with the grant's id)."""
    return list(AuditEvent.objects.filter(user_id=grant.user_id, detail__break_glass=grant.pk).order_by("sequence"))


def privacy_patient_search(*, user, query: str, limit: int = 50):
    """Patients by name or MRN across the organization, for the privacy officer's look-up; nobody until asked."""
    from openiop.patients.selectors import patient_search

    if not query.strip():
        return []
    return list(patient_search(user=user, query=query).order_by("legal_last_name", "legal_first_name", "pk")[:limit])


def restricted_patients():
    return list(
        Patient.objects.filter(is_restricted=True)
        .prefetch_related("restricted_access__user")
        .order_by("legal_last_name", "legal_first_name")
    )
