"""Break-glass grants and restricted patients. Each write is audited in its own transaction."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts.roles import CLINICAL_ROLES, Role
from openiop.audit.services import audit_record
from openiop.patients.models import Patient

from .models import BreakGlassAccess, RestrictedAccess

FOUR_FIELDS = {
    "receiving_personnel": "Name the medical personnel receiving the information.",
    "receiving_facility": "Name their facility.",
    "disclosing_person": "Name the person making the disclosure.",
    "emergency_nature": "Describe the nature of the medical emergency.",
}


def _text(value) -> str:
    return (value or "").strip()


@transaction.atomic
def break_glass_open(
    *,
    acting_user,
    mrn: str,
    date_of_birth: date | None,
    receiving_personnel: str,
    receiving_facility: str,
    disclosing_person: str,
    occurred_at: datetime | None,
    emergency_nature: str,
) -> BreakGlassAccess:
    """Open one patient's record in a medical emergency (42 CFR 2.51), recording the four required fields.

    The patient is found by MRN and date of birth together, so the form reveals nothing to someone who does
    not already know both. The grant lasts OPENIOP_BREAK_GLASS_HOURS (4 h by default).
    """
    if acting_user.role not in CLINICAL_ROLES:
        raise ValidationError({"__all__": "Only clinical staff can use emergency access."})
    values = {
        "receiving_personnel": _text(receiving_personnel),
        "receiving_facility": _text(receiving_facility),
        "disclosing_person": _text(disclosing_person),
        "emergency_nature": _text(emergency_nature),
    }
    errors = {field: message for field, message in FOUR_FIELDS.items() if not values[field]}
    now = timezone.now()
    if occurred_at is None:
        errors["occurred_at"] = "Give the date and time of the disclosure."
    elif occurred_at > now + timedelta(minutes=5) or occurred_at < now - timedelta(days=1):
        errors["occurred_at"] = "Record it as it happens: the date and time must be within the last 24 hours."
    patient = Patient.objects.filter(mrn=_text(mrn).upper(), date_of_birth=date_of_birth).first()
    if patient is None:
        errors["mrn"] = "No patient has this MRN and date of birth; check both."
    if errors:
        raise ValidationError(errors)
    grant = BreakGlassAccess.objects.create(
        user=acting_user,
        patient=patient,
        occurred_at=occurred_at,
        expires_at=now + timedelta(hours=settings.OPENIOP_BREAK_GLASS_HOURS),
        **values,
    )
    audit_record(
        user=acting_user,
        action="break_glass",
        object_type="break_glass",
        object_id=grant.pk,
        patient_id=patient.pk,
        detail={"event": "opened", "hours": settings.OPENIOP_BREAK_GLASS_HOURS},
    )
    transaction.on_commit(lambda: _alert_privacy_officers(grant))
    return grant


def _alert_privacy_officers(grant: BreakGlassAccess) -> None:
    """Mail every active privacy officer that emergency access was opened: who, when, until when and where to
    review it. No patient name, MRN or emergency details in the mail (it leaves the system)."""
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail
    from django.urls import reverse

    recipients = list(
        get_user_model()
        .objects.filter(role=Role.PRIVACY_OFFICER, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return
    zone = timezone.get_current_timezone()
    send_mail(
        subject=f"OpenIOP: emergency access #{grant.pk} opened — review needed",
        message=(
            f"{grant.user.display_name} opened emergency (break-glass, 42 CFR 2.51) access to one patient's record "
            f"at {grant.created_at.astimezone(zone):%Y-%m-%d %H:%M %Z}; it lasts until "
            f"{grant.expires_at.astimezone(zone):%Y-%m-%d %H:%M %Z}.\n\n"
            "Review it in OpenIOP under Privacy → Emergency access to review: "
            f"{reverse('privacy:review', args=[grant.pk])}"
        ),
        from_email=None,
        recipient_list=recipients,
        fail_silently=True,  # the grant stands; the Privacy page lists it for review whether or not mail works
    )


@transaction.atomic
def break_glass_review(*, acting_user, grant: BreakGlassAccess, note: str) -> BreakGlassAccess:
    grant = BreakGlassAccess.objects.select_for_update().get(pk=grant.pk)
    if grant.reviewed_at is not None:
        raise ValidationError({"__all__": "This emergency access was already reviewed."})
    if not _text(note):
        raise ValidationError({"note": "Record the outcome of the review (appropriate, or the follow-up taken)."})
    grant.reviewed_by, grant.reviewed_at, grant.review_note = acting_user, timezone.now(), _text(note)
    grant.save(update_fields=["reviewed_by", "reviewed_at", "review_note", "updated_at"])
    audit_record(
        user=acting_user,
        action="update",
        object_type="break_glass",
        object_id=grant.pk,
        patient_id=grant.patient_id,
        detail={"event": "reviewed"},
    )
    return grant


@transaction.atomic
def patient_restrict(*, acting_user, patient: Patient, allowed_users, reason: str) -> Patient:
    """Only the named users see the patient (beyond break-glass). Replaces the list each time."""
    allowed = list(allowed_users)
    if not _text(reason):
        raise ValidationError({"reason": "Say why the record is restricted (e.g. the patient is also on staff)."})
    if not allowed:
        raise ValidationError({"allowed_users": "Name at least one staff member who keeps access."})
    if any(user.role in (Role.PRIVACY_OFFICER, Role.SYSADMIN) for user in allowed):
        raise ValidationError({"allowed_users": "Name clinical or administrative staff who treat the patient."})
    before = sorted(RestrictedAccess.objects.filter(patient=patient).values_list("user_id", flat=True))
    RestrictedAccess.objects.filter(patient=patient).delete()
    RestrictedAccess.objects.bulk_create(
        [RestrictedAccess(patient=patient, user=user, granted_by=acting_user) for user in allowed]
    )
    patient.is_restricted = True
    patient.save(update_fields=["is_restricted", "updated_at"])
    audit_record(
        user=acting_user,
        action="privilege_change",
        object_type="patient_restriction",
        object_id=patient.pk,
        patient_id=patient.pk,
        detail={"before": before, "after": sorted(u.pk for u in allowed), "reason": "restricted"},
    )
    return patient


@transaction.atomic
def patient_unrestrict(*, acting_user, patient: Patient) -> Patient:
    before = sorted(RestrictedAccess.objects.filter(patient=patient).values_list("user_id", flat=True))
    RestrictedAccess.objects.filter(patient=patient).delete()
    patient.is_restricted = False
    patient.save(update_fields=["is_restricted", "updated_at"])
    audit_record(
        user=acting_user,
        action="privilege_change",
        object_type="patient_restriction",
        object_id=patient.pk,
        patient_id=patient.pk,
        detail={"before": before, "after": [], "reason": "unrestricted"},
    )
    return patient
