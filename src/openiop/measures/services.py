"""Measure writes: recording, re-scoring, self-report links, safety alerts, schedule rules."""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.audit.services import audit_record

from .alert_rules import rules_triggered
from .instruments import ScoringError, get_instrument, score
from .models import (
    AdministrationMode,
    AlertStatus,
    MeasureResponse,
    MeasureScheduleRule,
    SafetyAlert,
    ScheduleTrigger,
    SelfReportLink,
)
from .presentation import CLINICIAN_ONLY

LINK_HOURS = {AdministrationMode.SELF_REPORT: 72, AdministrationMode.KIOSK: 1}


def _scoring_failure(error: ScoringError) -> ValidationError:
    return ValidationError({f"item_{error.item}" if error.item else "__all__": str(error)})


def _create_response(
    *,
    patient,
    episode,
    instrument: str,
    answers,
    context,
    scheme,
    mode,
    administered_by,
    administered_at,
    rescored_from=None,
) -> MeasureResponse:
    try:
        result = score(instrument, answers, context or None, scheme)
    except ScoringError as error:
        raise _scoring_failure(error) from None
    return MeasureResponse.objects.create(
        patient=patient,
        episode=episode,
        instrument=instrument,
        answers=answers,
        context=context or {},
        total=result.total,
        band=result.band or "",
        flags=list(result.flags),
        subscores=result.subscores,
        scheme=result.scheme or "",
        scheme_version=result.scheme_version or "",
        mode=mode,
        administered_by=administered_by,
        administered_at=administered_at,
        rescored_from=rescored_from,
    )


def _raise_alerts(response: MeasureResponse, acting_user) -> list[SafetyAlert]:
    alerts = []
    assignee = response.episode.primary_clinician if response.episode_id else None
    for rule in rules_triggered(instrument=response.instrument, band=response.band, flags=response.flags):
        alert = SafetyAlert.objects.create(
            patient=response.patient,
            episode=response.episode,
            response=response,
            kind=rule.kind,
            severity=rule.severity,
            assigned_to=assignee,
        )
        audit_record(
            user=acting_user,
            action="create",
            object_type="safety_alert",
            object_id=alert.pk,
            patient_id=response.patient_id,
            detail={"kind": rule.kind, "response_id": response.pk},
        )
        alerts.append(alert)
    return alerts


@transaction.atomic
def measure_record(
    *,
    acting_user,
    patient,
    episode,
    instrument: str,
    answers,
    context=None,
    scheme=None,
    mode: str = AdministrationMode.CLINICIAN,
    administered_at=None,
) -> MeasureResponse:
    """Score and store one administration; raise its safety alerts in the same transaction."""
    if administered_at and administered_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"administered_at": "The time given is in the future."})
    response = _create_response(
        patient=patient,
        episode=episode,
        instrument=instrument,
        answers=answers,
        context=context,
        scheme=scheme,
        mode=mode,
        administered_by=acting_user if mode == AdministrationMode.CLINICIAN else None,
        administered_at=administered_at or timezone.now(),
    )
    audit_record(
        user=acting_user,
        action="create",
        object_type="measure_response",
        object_id=response.pk,
        patient_id=patient.pk,
        detail={"instrument": instrument, "mode": mode},
    )
    _raise_alerts(response, acting_user)
    return response


@transaction.atomic
def measure_rescore(*, acting_user, response: MeasureResponse, scheme: str) -> MeasureResponse:
    """Score the same answers under another band scheme; the original stays as it was."""
    original = response.rescored_from or response
    if scheme == original.scheme:
        raise ValidationError({"scheme": f"This response was already scored with {scheme}."})
    rescored = _create_response(
        patient=original.patient,
        episode=original.episode,
        instrument=original.instrument,
        answers=original.answers,
        context=original.context,
        scheme=scheme,
        mode=original.mode,
        administered_by=original.administered_by,
        administered_at=original.administered_at,
        rescored_from=original,
    )
    audit_record(
        user=acting_user,
        action="create",
        object_type="measure_response",
        object_id=rescored.pk,
        patient_id=original.patient_id,
        detail={"rescored_from": original.pk, "scheme": scheme},
    )
    return rescored


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def self_report_link_issue(
    *, acting_user, patient, episode, instrument: str, mode: str = AdministrationMode.SELF_REPORT
) -> tuple[SelfReportLink, str]:
    """Returns the link and its token. Only the token's hash is stored, so it can be shown only now."""
    get_instrument(instrument)
    if instrument in CLINICIAN_ONLY:
        raise ValidationError({"instrument": f"{instrument} is rated by a clinician; it cannot be self-reported."})
    if mode not in LINK_HOURS:
        raise ValidationError({"mode": "Choose a link for the patient or the clinic kiosk."})
    token = secrets.token_urlsafe(32)
    link = SelfReportLink.objects.create(
        token_hash=_token_hash(token),
        patient=patient,
        episode=episode,
        instrument=instrument,
        mode=mode,
        issued_by=acting_user,
        expires_at=timezone.now() + timedelta(hours=LINK_HOURS[mode]),
    )
    audit_record(
        user=acting_user,
        action="create",
        object_type="self_report_link",
        object_id=link.pk,
        patient_id=patient.pk,
        detail={"instrument": instrument, "mode": mode},
    )
    return link, token


class LinkUnusable(Exception):
    """The link is unknown, expired or already used; the message is safe to show to anyone."""


def self_report_link_open(token: str) -> SelfReportLink:
    link = SelfReportLink.objects.select_related("patient", "episode").filter(token_hash=_token_hash(token)).first()
    if link is None:
        raise LinkUnusable("This link is not valid. Please ask your care team for a new one.")
    if link.completed_at is not None:
        raise LinkUnusable("This questionnaire has already been completed. Thank you.")
    if link.expires_at <= timezone.now():
        raise LinkUnusable("This link has expired. Please ask your care team for a new one.")
    return link


@transaction.atomic
def self_report_submit(*, token: str, answers, context=None) -> MeasureResponse:
    link = self_report_link_open(token)
    # Lock, then check again: two submissions of one link must not both count.
    link = SelfReportLink.objects.select_for_update().get(pk=link.pk)
    if link.completed_at is not None:
        raise LinkUnusable("This questionnaire has already been completed. Thank you.")
    response = _create_response(
        patient=link.patient,
        episode=link.episode,
        instrument=link.instrument,
        answers=answers,
        context=context,
        scheme=None,
        mode=link.mode,
        administered_by=None,
        administered_at=timezone.now(),
    )
    link.completed_at = response.administered_at
    link.response = response
    link.save(update_fields=["completed_at", "response", "updated_at"])
    audit_record(
        user=None,
        action="create",
        object_type="measure_response",
        object_id=response.pk,
        patient_id=link.patient_id,
        detail={"instrument": link.instrument, "mode": link.mode, "link_id": link.pk},
    )
    _raise_alerts(response, None)
    return response


@transaction.atomic
def alert_acknowledge(*, acting_user, alert: SafetyAlert, action: str, note: str) -> SafetyAlert:
    from .models import AlertAction

    alert = SafetyAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.status != AlertStatus.OPEN:
        raise ValidationError({"__all__": "This alert was already acknowledged."})
    if action not in AlertAction.values:
        raise ValidationError({"action": "Choose one of: " + ", ".join(label for _, label in AlertAction.choices)})
    if not (note or "").strip():
        raise ValidationError({"note": "Describe what was done (who, when, the outcome)."})
    alert.status = AlertStatus.ACKNOWLEDGED
    alert.acknowledged_by = acting_user
    alert.acknowledged_at = timezone.now()
    alert.action = action
    alert.action_note = note.strip()
    alert.save()
    audit_record(
        user=acting_user,
        action="update",
        object_type="safety_alert",
        object_id=alert.pk,
        patient_id=alert.patient_id,
        detail={"event": "acknowledged", "action_taken": action},
    )
    return alert


@transaction.atomic
def schedule_rule_create(
    *, acting_user, program, instrument: str, trigger: str, interval_days: int | None, window_days: int = 3
) -> MeasureScheduleRule:
    get_instrument(instrument)
    if trigger not in ScheduleTrigger.values:
        raise ValidationError({"trigger": "Choose one of: " + ", ".join(ScheduleTrigger.values)})
    needs_interval = trigger in (ScheduleTrigger.RECURRING, ScheduleTrigger.AFTER_DISCHARGE)
    if needs_interval and not interval_days:
        raise ValidationError({"interval_days": "Give the number of days (e.g. 14 for every two weeks)."})
    if not needs_interval:
        interval_days = None
    if MeasureScheduleRule.objects.filter(
        program=program, instrument=instrument, trigger=trigger, interval_days=interval_days
    ).exists():
        raise ValidationError({"__all__": "This rule already exists for the program."})
    rule = MeasureScheduleRule.objects.create(
        program=program, instrument=instrument, trigger=trigger, interval_days=interval_days, window_days=window_days
    )
    audit_record(
        user=acting_user,
        action="create",
        object_type="measure_schedule_rule",
        object_id=rule.pk,
        detail={"program_id": program.pk, "instrument": instrument, "trigger": trigger},
    )
    return rule


@transaction.atomic
def schedule_rule_delete(*, acting_user, rule: MeasureScheduleRule) -> None:
    audit_record(
        user=acting_user,
        action="delete",
        object_type="measure_schedule_rule",
        object_id=rule.pk,
        detail={"program_id": rule.program_id, "instrument": rule.instrument, "trigger": rule.trigger},
    )
    rule.delete()
