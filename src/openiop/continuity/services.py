"""Continuity writes: each validates, writes and audits in one transaction; errors name the field.

Errors are ValidationError keyed by form field, so a view shows them beside the field that is wrong and
nothing partial is saved.
"""

import base64
import binascii
import hashlib
import secrets
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts.models import User
from openiop.accounts.roles import Role
from openiop.accounts.signing import Signature, signature_method
from openiop.audit.services import audit_record
from openiop.core.timezones import local_today
from openiop.episodes.models import Episode, EpisodeStatus
from openiop.episodes.services import episode_create
from openiop.tasks.models import TaskKind
from openiop.tasks.services import task_raise

from .assembly import medications_at_discharge, summary_record
from .checkin_rules import (
    CHECKIN_LINK_DAYS,
    DAYS_MAX,
    DAYS_MIN,
    MAX_CHECKIN_DAY,
    NO_FOLLOW_UP_REASONS,
    concerns_in,
)
from .codes import (
    REFERRAL_DATE_FIELD,
    REFERRAL_TRANSITIONS,
    EmploymentStatus,
    PatientSignatureMethod,
    ReferralCategory,
    ReferralStatus,
    SummaryStatus,
    SupportGroup,
)
from .models import (
    AftercarePlan,
    AftercareSettings,
    AlumniCheckIn,
    DischargeSummary,
    Readmission,
    ServiceReferral,
)
from .schedule import checkin_days_for, checkin_due_on


def _fail(field: str, message: str):
    raise ValidationError({field: message})


def _audit(acting_user, *, action: str, object_type: str, obj, patient_id: int, **detail) -> None:
    audit_record(
        user=acting_user,
        action=action,
        object_type=object_type,
        object_id=obj.pk,
        patient_id=patient_id,
        detail=detail,
    )


def _check_program(acting_user, program) -> None:
    if program.pk not in acting_user.program_ids:
        _fail("__all__", f"{acting_user.display_name} does not work in {program.name}.")


def _text(value, field: str, *, max_length: int, required: bool = False, label: str = "") -> str:
    text = (value or "").strip()
    if required and not text:
        _fail(field, f"Enter {label or field.replace('_', ' ')}.")
    if len(text) > max_length:
        _fail(field, f"Keep it to {max_length} characters (it has {len(text)}).")
    return text


# ---- discharge summary and aftercare plan ------------------------------------------------------------


def _locked_summary(summary: DischargeSummary) -> DischargeSummary:
    summary = (
        DischargeSummary.objects.select_for_update(of=("self",))
        .select_related("episode__program", "patient")
        .get(pk=summary.pk)
    )
    if not summary.is_draft:
        _fail("__all__", "This discharge summary is signed and locked; it cannot change.")
    return summary


@transaction.atomic
def discharge_summary_start(*, acting_user, episode: Episode) -> DischargeSummary:
    """Draft a summary (and an empty aftercare plan) from the record of a discharged episode."""
    episode = Episode.objects.select_for_update(of=("self",)).select_related("program").get(pk=episode.pk)
    _check_program(acting_user, episode.program)
    if episode.status != EpisodeStatus.FINISHED or episode.discharged_on is None:
        _fail(
            "__all__",
            f"Discharge the episode first (it is {episode.get_status_display()}); "
            "the summary is assembled from a finished episode.",
        )
    if DischargeSummary.objects.filter(episode=episode).exists():
        _fail("__all__", "This episode already has a discharge summary.")
    record = summary_record(episode)
    medications = medications_at_discharge(episode, record["medications_in_force"])
    summary = DischargeSummary.objects.create(
        episode=episode,
        patient_id=episode.patient_id,
        record=record,
        medications=medications,
        assembled_at=timezone.now(),
        created_by=acting_user,
    )
    AftercarePlan.objects.create(summary=summary, medications_to_continue=medications)
    _audit(acting_user, action="create", object_type="discharge_summary", obj=summary, patient_id=episode.patient_id)
    return summary


@transaction.atomic
def discharge_summary_refresh(*, acting_user, summary: DischargeSummary) -> DischargeSummary:
    """Re-assemble the facts from the record (e.g. after late attendance was entered); draft only."""
    summary = _locked_summary(summary)
    summary.record = summary_record(summary.episode)
    summary.assembled_at = timezone.now()
    summary.save(update_fields=["record", "assembled_at", "updated_at"])
    _audit(
        acting_user,
        action="update",
        object_type="discharge_summary",
        obj=summary,
        patient_id=summary.patient_id,
        event="refresh",
    )
    return summary


def _save_changed(draft, cleaned: dict) -> list[str]:
    """Save only the fields whose cleaned value differs (an autosave that changes nothing writes nothing);
    ``draft.changed_fields`` names them for the caller's audit row and status line."""
    changed = [field for field, value in cleaned.items() if getattr(draft, field) != value]
    draft.changed_fields = changed
    if changed:
        for field in changed:
            setattr(draft, field, cleaned[field])
        draft.save(update_fields=[*changed, "updated_at"])
    return changed


@transaction.atomic
def discharge_summary_update(
    *, acting_user, summary: DischargeSummary, medications: str, clinician_narrative: str, recommendations: str
) -> DischargeSummary:
    """Save the draft's narrative parts (the Save button or the autosave as the clinician types). An update
    that changes nothing writes nothing; ``summary.changed_fields`` names what changed."""
    summary = _locked_summary(summary)
    _check_program(acting_user, summary.episode.program)
    cleaned = {
        "medications": _text(medications, "medications", max_length=5000),
        "clinician_narrative": _text(clinician_narrative, "clinician_narrative", max_length=20000),
        "recommendations": _text(recommendations, "recommendations", max_length=10000),
    }
    changed = _save_changed(summary, cleaned)
    if not changed:
        return summary
    # Field names only: the content is PHI.
    _audit(
        acting_user,
        action="update",
        object_type="discharge_summary",
        obj=summary,
        patient_id=summary.patient_id,
        event="edit",
        fields=changed,
    )
    return summary


@transaction.atomic
def aftercare_plan_update(
    *,
    acting_user,
    plan: AftercarePlan,
    next_provider_name: str,
    next_provider_address: str,
    next_provider_phone: str,
    first_appointment_at: datetime | None,
    support_groups: list[str],
    support_groups_other: str,
    medications_to_continue: str,
    relapse_triggers: str,
    coping_strategies: str,
    warning_signs: str,
    local_crisis_line: str,
    emergency_contacts: str,
) -> AftercarePlan:
    """Save the draft plan (the Save button or the autosave); an update that changes nothing writes nothing;
    ``plan.changed_fields`` names what changed."""
    summary = _locked_summary(plan.summary)
    _check_program(acting_user, summary.episode.program)
    plan = AftercarePlan.objects.select_for_update().get(pk=plan.pk)
    unknown = [g for g in support_groups if g not in SupportGroup.values]
    if unknown:
        _fail("support_groups", f"Choose from: {', '.join(SupportGroup.values)} (not {', '.join(unknown)}).")
    if first_appointment_at is not None and first_appointment_at.date() < summary.episode.discharged_on:
        _fail(
            "first_appointment_at",
            f"The first aftercare appointment cannot be before discharge ({summary.episode.discharged_on}).",
        )
    name = _text(next_provider_name, "next_provider_name", max_length=200)
    if first_appointment_at is not None and not name:
        _fail("next_provider_name", "Name the provider the first appointment is with.")
    cleaned = {
        "next_provider_name": name,
        "next_provider_address": _text(next_provider_address, "next_provider_address", max_length=300),
        "next_provider_phone": _text(next_provider_phone, "next_provider_phone", max_length=40),
        "first_appointment_at": first_appointment_at,
        "support_groups": [g for g in SupportGroup.values if g in support_groups],
        "support_groups_other": _text(support_groups_other, "support_groups_other", max_length=300),
        "medications_to_continue": _text(medications_to_continue, "medications_to_continue", max_length=5000),
        "relapse_triggers": _text(relapse_triggers, "relapse_triggers", max_length=5000),
        "coping_strategies": _text(coping_strategies, "coping_strategies", max_length=5000),
        "warning_signs": _text(warning_signs, "warning_signs", max_length=5000),
        "local_crisis_line": _text(local_crisis_line, "local_crisis_line", max_length=120),
        "emergency_contacts": _text(emergency_contacts, "emergency_contacts", max_length=2000),
    }
    changed = _save_changed(plan, cleaned)
    if not changed:
        return plan
    # Field names only: the content is PHI.
    _audit(
        acting_user,
        action="update",
        object_type="aftercare_plan",
        obj=plan,
        patient_id=summary.patient_id,
        fields=changed,
    )
    return plan


def _same_name(typed: str, name: str) -> bool:
    return " ".join(typed.split()).casefold() == " ".join(name.split()).casefold()


@transaction.atomic
def discharge_summary_sign(
    *, acting_user, summary: DischargeSummary, typed_name: str, signature: Signature | None
) -> DischargeSummary:
    """Sign the summary and its aftercare plan; both are locked from then on. ``signature`` is the signer's
    re-authentication (accounts.signing); its method is recorded."""
    summary = _locked_summary(summary)
    _check_program(acting_user, summary.episode.program)
    if not acting_user.has_perm("continuity.sign"):
        _fail("__all__", f"{acting_user.display_name} may not sign discharge summaries.")
    if not summary.clinician_narrative.strip():
        _fail("clinician_narrative", "Write the clinician narrative before signing.")
    if not summary.recommendations.strip():
        _fail("recommendations", "Write the recommendations before signing.")
    typed_name = " ".join((typed_name or "").split())
    if not typed_name:
        _fail("typed_name", "Type your full name to sign.")
    if not _same_name(typed_name, acting_user.get_full_name()):
        _fail("typed_name", f"Type your own full name as it is on your account ({acting_user.get_full_name()}).")
    summary.signed_method = signature_method(user=acting_user, signature=signature)
    summary.status = SummaryStatus.SIGNED
    summary.signed_by, summary.signed_typed_name, summary.signed_at = acting_user, typed_name, timezone.now()
    summary.save(update_fields=["status", "signed_by", "signed_typed_name", "signed_at", "signed_method", "updated_at"])
    _audit(
        acting_user,
        action="update",
        object_type="discharge_summary",
        obj=summary,
        patient_id=summary.patient_id,
        event="sign",
    )
    return summary


# ---- the patient's signature on the aftercare plan --------------------------------------------------

SIGNATURE_IMAGE_TYPES = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
MAX_DRAWN_BYTES = 300 * 1024
MAX_SCAN_BYTES = 5 * 1024 * 1024


def _drawn_image(value: str) -> bytes:
    prefix = "data:image/png;base64,"
    if not (value or "").startswith(prefix):
        _fail("drawn_signature", "Have the patient sign in the box (a drawn signature, PNG).")
    try:
        data = base64.b64decode(value[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        _fail("drawn_signature", "The drawn signature did not arrive whole; clear the box and sign again.")
    if not data.startswith(SIGNATURE_IMAGE_TYPES["image/png"]) or len(data) > MAX_DRAWN_BYTES:
        _fail("drawn_signature", "The drawn signature did not arrive whole; clear the box and sign again.")
    return data


def _scan_image(upload) -> tuple[bytes, str, str]:
    if upload is None:
        _fail("scan", "Upload the scan or photo of the signed plan (PNG or JPEG).")
    if upload.size > MAX_SCAN_BYTES:
        _fail("scan", "The file is larger than 5 MB; scan it at a lower resolution.")
    data = upload.read()
    kind = next((k for k, magic in SIGNATURE_IMAGE_TYPES.items() if data.startswith(magic)), None)
    if kind is None:
        _fail("scan", "Upload the signed plan as a PNG or JPEG image (a scan or a photo).")
    return data, kind, (upload.name or "")[:200]


@transaction.atomic
def aftercare_patient_sign(
    *,
    acting_user,
    plan: AftercarePlan,
    method: str,
    signed_name: str,
    signed_on: date | None,
    typed_signature: str = "",
    drawn_signature: str = "",
    scan=None,
) -> AftercarePlan:
    """Record the patient's signature on the aftercare plan the clinician signed and locked (so the patient
    signs exactly what is printed). Typed name and date with a typed or drawn signature, or a scan of the
    signed paper copy. Once only."""
    plan = AftercarePlan.objects.select_for_update().select_related("summary__episode__program").get(pk=plan.pk)
    summary = plan.summary
    _check_program(acting_user, summary.episode.program)
    if summary.is_draft:
        _fail("__all__", "The patient signs the plan once the clinician has signed and locked it.")
    if plan.patient_signed:
        _fail("__all__", "The patient has already signed this aftercare plan.")
    if method not in PatientSignatureMethod.values:
        _fail("method", f"Choose one of: {', '.join(PatientSignatureMethod.values)}.")
    name = " ".join((signed_name or "").split())
    if not name:
        _fail("signed_name", "Type the patient's full name.")
    if len(name) > 200:
        _fail("signed_name", f"Keep it to 200 characters (it has {len(name)}).")
    if signed_on is None:
        _fail("signed_on", "Enter the date the patient signed (YYYY-MM-DD).")
    today = local_today(summary.episode.program.time_zone)
    if signed_on > today:
        _fail("signed_on", f"The date cannot be in the future (today is {today.isoformat()}).")
    if signed_on < summary.episode.discharged_on:
        _fail("signed_on", f"The date cannot be before discharge ({summary.episode.discharged_on.isoformat()}).")
    image, image_type, file_name, typed = None, "", "", ""
    if method == PatientSignatureMethod.TYPED:
        typed = " ".join((typed_signature or "").split())
        if not typed:
            _fail("typed_signature", "Have the patient type their signature.")
        if not _same_name(typed, name):
            _fail("typed_signature", f"The typed signature must be the patient's name as typed above ({name}).")
    elif method == PatientSignatureMethod.DRAWN:
        image, image_type = _drawn_image(drawn_signature), "image/png"
    else:
        image, image_type, file_name = _scan_image(scan)
    plan.patient_signature_method = method
    plan.patient_signed_name, plan.patient_signed_on, plan.patient_typed_signature = name, signed_on, typed
    plan.patient_signature_image, plan.patient_signature_image_type = image, image_type
    plan.patient_signature_file_name = file_name
    plan.patient_signature_recorded_by, plan.patient_signature_recorded_at = acting_user, timezone.now()
    plan.save()
    _audit(
        acting_user,
        action="update",
        object_type="aftercare_plan",
        obj=plan,
        patient_id=summary.patient_id,
        event="patient_signature",
        method=method,
    )
    return plan


# ---- essential-services referrals --------------------------------------------------------------------


def _check_day(field: str, value: date | None, program, *, not_before: date | None = None) -> None:
    if value is None:
        _fail(field, "Enter a date (YYYY-MM-DD).")
    today = local_today(program.time_zone)
    if value > today:
        _fail(field, f"The date cannot be in the future (today in {program.time_zone} is {today.isoformat()}).")
    if not_before and value < not_before:
        _fail(field, f"The date cannot be before the last status date ({not_before.isoformat()}).")


@transaction.atomic
def referral_create(
    *,
    acting_user,
    episode: Episode,
    category: str,
    agency: str,
    reason: str,
    suggested_on: date,
    contact: str = "",
) -> ServiceReferral:
    _check_program(acting_user, episode.program)
    if category not in ReferralCategory.values:
        _fail("category", f"Choose one of: {', '.join(ReferralCategory.values)}.")
    agency = _text(agency, "agency", max_length=200, required=True, label="the agency")
    reason = _text(reason, "reason", max_length=500, required=True, label="the reason for the referral")
    contact = _text(contact, "contact", max_length=200)
    _check_day("suggested_on", suggested_on, episode.program)
    referral = ServiceReferral.objects.create(
        patient_id=episode.patient_id,
        episode=episode,
        category=category,
        agency=agency,
        contact=contact,
        reason=reason,
        suggested_on=suggested_on,
        created_by=acting_user,
    )
    _audit(
        acting_user,
        action="create",
        object_type="service_referral",
        obj=referral,
        patient_id=episode.patient_id,
        category=category,
    )
    return referral


@transaction.atomic
def referral_set_status(
    *, acting_user, referral: ServiceReferral, status: str, on: date, note: str = ""
) -> ServiceReferral:
    referral = (
        ServiceReferral.objects.select_for_update(of=("self",)).select_related("episode__program").get(pk=referral.pk)
    )
    _check_program(acting_user, referral.episode.program)
    allowed = REFERRAL_TRANSITIONS[ReferralStatus(referral.status)]
    if status not in allowed:
        choices = ", ".join(allowed) or "none (it is finished)"
        _fail("status", f"A {referral.get_status_display().lower()} referral can move to: {choices}.")
    last = max(d for d in (referral.suggested_on, referral.referred_on, referral.connected_on) if d)
    _check_day("on", on, referral.episode.program, not_before=last)
    referral.status = status
    setattr(referral, REFERRAL_DATE_FIELD[ReferralStatus(status)], on)
    referral.status_note = _text(note, "note", max_length=300)
    referral.save()
    _audit(
        acting_user,
        action="update",
        object_type="service_referral",
        obj=referral,
        patient_id=referral.patient_id,
        status=status,
    )
    return referral


# ---- alumni follow-up --------------------------------------------------------------------------------


@transaction.atomic
def aftercare_settings_update(*, acting_user, program, checkin_days: list[int]) -> AftercareSettings:
    _check_program(acting_user, program)
    if not checkin_days:
        _fail("checkin_days", "List at least one day after discharge, e.g. 30, 60, 90.")
    if any(type(day) is not int or not 1 <= day <= MAX_CHECKIN_DAY for day in checkin_days):
        _fail("checkin_days", f"Each day must be a whole number from 1 to {MAX_CHECKIN_DAY}.")
    if len(set(checkin_days)) != len(checkin_days):
        _fail("checkin_days", "Each day may appear only once.")
    settings, _created = AftercareSettings.objects.select_for_update().get_or_create(program=program)
    settings.checkin_days = sorted(checkin_days)
    settings.save()
    audit_record(
        user=acting_user,
        action="update",
        object_type="aftercare_settings",
        object_id=program.pk,
        detail={"checkin_days": settings.checkin_days},
    )
    return settings


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def checkin_link_issue(*, acting_user, episode: Episode, day_number: int) -> tuple[AlumniCheckIn, str]:
    """A one-use link for one scheduled check-in. Re-issuing replaces an unanswered check-in's old link.
    Returns the check-in and its token; only the token's hash is stored, so it can be shown only now."""
    episode = Episode.objects.select_related("program").get(pk=episode.pk)
    _check_program(acting_user, episode.program)
    if episode.status != EpisodeStatus.FINISHED or episode.discharged_on is None:
        _fail("__all__", "Alumni check-ins start after discharge.")
    if episode.discharge_reason in NO_FOLLOW_UP_REASONS:
        _fail("__all__", f"No alumni follow-up after this discharge ({episode.get_discharge_reason_display()}).")
    days = checkin_days_for(episode.program)
    if day_number not in days:
        _fail("day_number", f"This program's check-ins are on days {', '.join(map(str, days))} after discharge.")
    checkin, _created = AlumniCheckIn.objects.select_for_update().get_or_create(
        episode=episode,
        day_number=day_number,
        defaults={"patient_id": episode.patient_id, "due_on": checkin_due_on(episode, day_number)},
    )
    if checkin.is_answered:
        _fail("day_number", f"The day-{day_number} check-in is already answered.")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    checkin.token_hash = _token_hash(token)
    checkin.issued_by, checkin.link_issued_at = acting_user, now
    checkin.expires_at = now + timedelta(days=CHECKIN_LINK_DAYS)
    checkin.save()
    _audit(
        acting_user,
        action="create",
        object_type="alumni_checkin_link",
        obj=checkin,
        patient_id=episode.patient_id,
        day_number=day_number,
    )
    return checkin, token


class LinkUnusable(Exception):
    """The link is unknown, expired or already used; the message is safe to show to anyone."""


def checkin_open(token: str) -> AlumniCheckIn:
    checkin = (
        AlumniCheckIn.objects.select_related("patient", "episode__program")
        .filter(token_hash=_token_hash(token))
        .first()
    )
    if checkin is None:
        raise LinkUnusable("This link is not valid. Please ask your care team for a new one.")
    if checkin.is_answered:
        raise LinkUnusable("This check-in has already been completed. Thank you.")
    if checkin.expires_at is None or checkin.expires_at <= timezone.now():
        raise LinkUnusable("This link has expired. Please ask your care team for a new one.")
    return checkin


def _day_count(answers: dict, field: str) -> int:
    value = answers.get(field)
    if type(value) is not int or not DAYS_MIN <= value <= DAYS_MAX:
        _fail(field, f"Enter a number of days from {DAYS_MIN} to {DAYS_MAX}.")
    return value


def _yes_no(answers: dict, field: str) -> bool:
    value = answers.get(field)
    if type(value) is not bool:
        _fail(field, "Answer yes or no.")
    return value


def _clean_answers(answers: dict) -> dict:
    cleaned = {
        "days_alcohol_use": _day_count(answers, "days_alcohol_use"),
        "days_drug_use": _day_count(answers, "days_drug_use"),
        "abstinent": _yes_no(answers, "abstinent"),
    }
    if answers.get("employment") not in EmploymentStatus.values:
        _fail("employment", f"Choose one of: {', '.join(EmploymentStatus.values)}.")
    cleaned["employment"] = answers["employment"]
    cleaned["stable_housing"] = _yes_no(answers, "stable_housing")
    cleaned["days_support_meetings"] = _day_count(answers, "days_support_meetings")
    cleaned["wants_contact"] = _yes_no(answers, "wants_contact")
    cleaned["anything_else"] = _text(answers.get("anything_else"), "anything_else", max_length=2000)
    return cleaned


def alumni_coordinator(episode: Episode):
    """Who follows up a concerning check-in: the program's peer-support (alumni) coordinator — one on the
    episode's care team first — else the episode's primary clinician."""
    peers = User.objects.filter(role=Role.PEER_SUPPORT, is_active=True, programs=episode.program_id).order_by("pk")
    on_team = peers.filter(team_memberships__episode=episode).first()
    return on_team or peers.first() or episode.primary_clinician


@transaction.atomic
def checkin_submit(*, token: str, answers: dict) -> AlumniCheckIn:
    checkin = checkin_open(token)
    # Lock, then check again: two submissions of one link must not both count.
    checkin = (
        AlumniCheckIn.objects.select_for_update(of=("self",)).select_related("episode__program").get(pk=checkin.pk)
    )
    if checkin.is_answered:
        raise LinkUnusable("This check-in has already been completed. Thank you.")
    cleaned = _clean_answers(answers)
    for field, value in cleaned.items():
        setattr(checkin, field, value)
    checkin.concerns = concerns_in(cleaned)
    checkin.answered_at = timezone.now()
    checkin.save()
    _audit(
        None,
        action="create",
        object_type="alumni_checkin",
        obj=checkin,
        patient_id=checkin.patient_id,
        day_number=checkin.day_number,
        concerns=checkin.concerns,
    )
    if checkin.concerns:
        episode = checkin.episode
        task_raise(
            acting_user=None,
            episode=episode,
            kind=TaskKind.ALUMNI_FOLLOW_UP,
            title=f"Alumni check-in (day {checkin.day_number}): call back",
            due_on=local_today(episode.program.time_zone) + timedelta(days=1),
            assigned_to=alumni_coordinator(episode),
            source_type="alumni_checkin",
            source_id=checkin.pk,
        )
    return checkin


# ---- readmission -------------------------------------------------------------------------------------


@transaction.atomic
def readmission_create(*, acting_user, episode: Episode, reason: str) -> Readmission:
    """Open a new planned episode in the same program for a discharged patient, linked to the old one."""
    episode = Episode.objects.select_for_update(of=("self",)).select_related("program", "track").get(pk=episode.pk)
    _check_program(acting_user, episode.program)
    if episode.status != EpisodeStatus.FINISHED:
        _fail(
            "__all__",
            f"Only a discharged episode can lead to a readmission (this one is {episode.get_status_display()}).",
        )
    reason = _text(reason, "reason", max_length=500, required=True, label="the reason for readmission")
    clinician = episode.primary_clinician
    if clinician is not None and (not clinician.is_active or episode.program_id not in clinician.program_ids):
        clinician = None
    track = episode.track if episode.track is not None and episode.track.is_active else None
    try:
        new_episode = episode_create(
            acting_user=acting_user,
            patient=episode.patient,
            program=episode.program,
            referral_source=episode.referral_source,
            track=track,
            primary_clinician=clinician,
        )
    except ValidationError as error:
        messages = (
            [m for ms in error.message_dict.values() for m in ms] if hasattr(error, "error_dict") else error.messages
        )
        _fail("__all__", " ".join(messages))
    readmission = Readmission.objects.create(
        old_episode=episode, new_episode=new_episode, reason=reason, created_by=acting_user
    )
    _audit(
        acting_user,
        action="create",
        object_type="readmission",
        obj=readmission,
        patient_id=episode.patient_id,
        old_episode_id=episode.pk,
        new_episode_id=new_episode.pk,
    )
    return readmission
