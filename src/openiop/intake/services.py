"""Intake writes: inquiries through the pipeline, screening, assessment, placement and admission.

Each service validates everything before it writes, writes inside one transaction and records its audit
event there too. Errors are ValidationError keyed by form field and name the allowed values.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from openiop.audit.services import audit_record
from openiop.core.timezones import local_date
from openiop.core.validation import check_names, phone_problem
from openiop.episodes.codes import ReferralSource
from openiop.episodes.models import OPEN_STATUSES, Episode, EpisodeStatus
from openiop.programs.levels import EDITIONS, LevelOfCare

from . import asam
from .codes import (
    AgeAtFirstUse,
    Caller,
    Channel,
    Concern,
    Education,
    Employment,
    Frequency,
    LivingArrangement,
    PlannedMedicationAssistedTherapy,
    PreferredTimes,
    PriorEpisodes,
    Route,
    Substance,
    allowed,
)
from .models import (
    EXIT_STAGES,
    Addendum,
    AdmissionRecord,
    Assessment,
    AssessmentStatus,
    ContactAttempt,
    ContactMethod,
    ContactOutcome,
    DifferenceReason,
    Inquiry,
    InquiryStageChange,
    Placement,
    Screening,
    Stage,
)
from .screening_rules import QUESTION_KEYS, Answer, HigherLevel, Outcome

# stage -> stages inquiry_move may go to. Admission has its own service (admission_admit).
STAGE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    Stage.NEW: (Stage.CONTACTED, *EXIT_STAGES),
    Stage.CONTACTED: (Stage.SCREENED, *EXIT_STAGES),
    Stage.SCREENED: (Stage.ASSESSMENT_BOOKED, *EXIT_STAGES),
    Stage.ASSESSMENT_BOOKED: EXIT_STAGES,
}
# Stages from which a patient may be admitted through admission_admit.
ADMITTABLE_STAGES = (Stage.SCREENED, Stage.ASSESSMENT_BOOKED)

# Sections a clinician must complete before an assessment can be signed (field -> label).
REQUIRED_SECTIONS = {
    "substances": "Substance-use history",
    "prior_episodes": "Prior treatment episodes",
    "mental_health_history": "Mental-health history",
    "medical_history": "Medical history",
    "allergies": "Allergies",
    "current_medications": "Current medications",
    "social": "Social",
    "employment": "Employment",
    "education": "Education",
    "living_arrangement": "Housing",
    "strengths": "Strengths",
    "goals_in_own_words": "Goals in the person's own words",
}
ASSESSMENT_TEXT_FIELDS = (
    "prior_treatment",
    "mental_health_history",
    "trauma_history",
    "eating_disorder_history",
    "medical_history",
    "allergies",
    "current_medications",
    "family",
    "social",
    "legal",
    "employment_notes",
    "housing_notes",
    "strengths",
    "goals_in_own_words",
)
ASSESSMENT_CODE_FIELDS = {
    "prior_episodes": PriorEpisodes,
    "employment": Employment,
    "education": Education,
    "living_arrangement": LivingArrangement,
}
SUBSTANCE_CODES = {
    "substance": Substance,
    "route": Route,
    "frequency": Frequency,
    "age_at_first_use": AgeAtFirstUse,
}
MAX_SUBSTANCES = 3


def _choice(errors: dict, field: str, value, choices, *, required: bool = True, label: str = ""):
    """The value if it is one of ``choices``; otherwise an error naming the allowed values."""
    if value in (None, ""):
        if required:
            errors[field] = f"Choose {label or field.replace('_', ' ')}: {allowed(choices)}."
        return None
    if value not in choices.values:
        errors[field] = f"{value!r} is not allowed for {label or field.replace('_', ' ')}; choose {allowed(choices)}."
        return None
    return value


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _audit(user, action: str, object_type: str, object_id, *, patient_id=None, **detail) -> None:
    audit_record(
        user=user, action=action, object_type=object_type, object_id=object_id, patient_id=patient_id, detail=detail
    )


def _record_stage(inquiry: Inquiry, *, from_stage: str, reason: str, acting_user, at) -> None:
    InquiryStageChange.objects.create(
        inquiry=inquiry,
        from_stage=from_stage,
        to_stage=inquiry.stage,
        reason=reason,
        changed_at=at,
        changed_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )


def _check_contact(errors: dict, *, phone: str, email: str) -> None:
    if not phone and not email:
        errors["phone"] = "Give a phone number or an email address so we can reach you."
    elif problem := phone_problem(phone):
        errors["phone"] = problem
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Enter a valid email address, e.g. name@example.com."


def _new_inquiry(acting_user, **fields) -> Inquiry:
    now = timezone.now()
    inquiry = Inquiry.objects.create(received_at=now, stage_changed_at=now, stage=Stage.NEW, **fields)
    _record_stage(inquiry, from_stage="", reason="", acting_user=acting_user, at=now)
    _audit(
        acting_user,
        "create",
        "inquiry",
        inquiry.pk,
        channel=inquiry.channel,
        program_id=inquiry.program_id,
    )
    return inquiry


@transaction.atomic
def inquiry_submit(
    *,
    program,
    first_name: str,
    phone: str,
    email: str,
    concern: str,
    preferred_times: str,
    consent_to_contact: bool,
    message: str = "",
) -> Inquiry:
    """A request for help from the public web form (no signed-in user)."""
    errors: dict = {}
    first_name, phone, email = (first_name or "").strip(), (phone or "").strip(), (email or "").strip()
    if not first_name:
        errors["first_name"] = "Tell us your first name (or what we should call you)."
    check_names(errors, first_name=first_name)
    _check_contact(errors, phone=phone, email=email)
    _choice(errors, "concern", concern, Concern, label="what you would like help with")
    _choice(errors, "preferred_times", preferred_times, PreferredTimes, label="preferred times")
    if consent_to_contact is not True:
        errors["consent_to_contact"] = "We can only reply if you agree that we may contact you."
    _raise(errors)
    return _new_inquiry(
        None,
        program=program,
        channel=Channel.WEB,
        first_name=first_name[:100],
        phone=phone,
        email=email,
        concern=concern,
        preferred_times=preferred_times,
        consent_to_contact=True,
        message=(message or "").strip()[:2000],
    )


@transaction.atomic
def inquiry_log_call(
    *,
    acting_user,
    program,
    caller: str,
    first_name: str,
    concern: str,
    caller_name: str = "",
    caller_relationship: str = "",
    last_name: str = "",
    date_of_birth: date | None = None,
    phone: str = "",
    email: str = "",
    referral_source: int | None = None,
    payer_name: str = "",
    member_id: str = "",
    preferred_times: str = PreferredTimes.EITHER,
    consent_to_contact: bool = False,
    message: str = "",
) -> Inquiry:
    """A phone call taken by staff, about the caller or about someone else."""
    errors: dict = {}
    if program.pk not in acting_user.program_ids:
        errors["program"] = f"You do not work in {program.name}."
    _choice(errors, "caller", caller, Caller, label="who is calling")
    first_name = (first_name or "").strip()
    if not first_name:
        errors["first_name"] = "Enter the first name of the person who needs help."
    caller_name, caller_relationship = (caller_name or "").strip(), (caller_relationship or "").strip()
    if caller and caller != Caller.SELF and not caller_name:
        errors["caller_name"] = "Enter the caller's name when someone calls on another person's behalf."
    check_names(errors, first_name=first_name, last_name=(last_name or "").strip(), caller_name=caller_name)
    _check_contact(errors, phone=(phone or "").strip(), email=(email or "").strip())
    _choice(errors, "referral_source", referral_source, ReferralSource, label="the TEDS referral source")
    _choice(errors, "concern", concern, Concern, label="the concern")
    _choice(errors, "preferred_times", preferred_times, PreferredTimes, label="preferred times")
    if member_id and not payer_name:
        errors["payer_name"] = "Enter the payer the member ID belongs to."
    _raise(errors)
    return _new_inquiry(
        acting_user,
        program=program,
        channel=Channel.PHONE,
        caller=caller,
        caller_name=caller_name,
        caller_relationship=caller_relationship,
        first_name=first_name,
        last_name=(last_name or "").strip(),
        date_of_birth=date_of_birth,
        phone=(phone or "").strip(),
        email=(email or "").strip(),
        referral_source=referral_source,
        concern=concern,
        payer_name=(payer_name or "").strip(),
        member_id=(member_id or "").strip(),
        preferred_times=preferred_times,
        consent_to_contact=bool(consent_to_contact),
        message=(message or "").strip(),
        logged_by=acting_user,
    )


def _locked_inquiry(inquiry: Inquiry) -> Inquiry:
    return Inquiry.objects.select_for_update(of=("self",)).select_related("program").get(pk=inquiry.pk)


@transaction.atomic
def inquiry_move(*, acting_user, inquiry: Inquiry, to_stage: str, reason: str = "", referred_to: str = "") -> Inquiry:
    """Move an inquiry along the pipeline. Every exit (referred elsewhere, not admitted) needs a reason."""
    inquiry = _locked_inquiry(inquiry)
    allowed_stages = STAGE_TRANSITIONS.get(inquiry.stage, ())
    if to_stage not in allowed_stages:
        names = ", ".join(f"{s} ({Stage(s).label})" for s in allowed_stages) or "nothing (the inquiry is closed)"
        hint = " Admission is recorded on the admission page." if to_stage == Stage.ADMITTED else ""
        raise ValidationError(
            {"to_stage": f"A {inquiry.get_stage_display().lower()} inquiry can move to: {names}.{hint}"}
        )
    reason, referred_to = (reason or "").strip(), (referred_to or "").strip()
    errors = {}
    if to_stage in EXIT_STAGES and not reason:
        errors["reason"] = f"Give the reason for '{Stage(to_stage).label}'."
    if to_stage == Stage.REFERRED_ELSEWHERE and not referred_to:
        errors["referred_to"] = "Name the program or provider the person was referred to."
    _raise(errors)
    previous = inquiry.stage
    now = timezone.now()
    inquiry.stage = to_stage
    inquiry.stage_changed_at = now
    if to_stage in EXIT_STAGES:
        inquiry.exit_reason = reason[:300]
        inquiry.referred_to = referred_to[:200]
    inquiry.save()
    _record_stage(inquiry, from_stage=previous, reason=reason[:300], acting_user=acting_user, at=now)
    _audit(
        acting_user,
        "update",
        "inquiry",
        inquiry.pk,
        patient_id=inquiry.patient_id,
        event="stage",
        from_stage=previous,
        to_stage=to_stage,
    )
    return inquiry


def _check_inquiry_can_take_patient(inquiry: Inquiry) -> None:
    if inquiry.patient_id is not None:
        raise ValidationError({"__all__": "This inquiry is already linked to a patient."})
    if not inquiry.is_open:
        raise ValidationError({"__all__": f"This inquiry is closed ({inquiry.get_stage_display()})."})


@transaction.atomic
def inquiry_link_patient(*, acting_user, inquiry: Inquiry, patient) -> Inquiry:
    """Link an inquiry to a patient already on record (a possible duplicate the staff member recognised).

    The patient gets a planned episode in the inquiry's program unless one is open there already.
    """
    from openiop.episodes.services import episode_create

    inquiry = _locked_inquiry(inquiry)
    _check_inquiry_can_take_patient(inquiry)
    episode = Episode.objects.filter(patient=patient, program=inquiry.program, status__in=OPEN_STATUSES).first()
    if episode is None:
        episode = episode_create(
            acting_user=acting_user,
            patient=patient,
            program=inquiry.program,
            referral_source=inquiry.referral_source or ReferralSource.INDIVIDUAL,
            status=EpisodeStatus.PLANNED,
        )
    inquiry.patient, inquiry.episode = patient, episode
    inquiry.save()
    _audit(acting_user, "update", "inquiry", inquiry.pk, patient_id=patient.pk, event="link_patient")
    return inquiry


@transaction.atomic
def inquiry_create_patient(*, acting_user, inquiry: Inquiry, **demographics):
    """Register a new patient (with a planned episode) from an inquiry, through patients.services."""
    from openiop.patients.services import patient_register

    inquiry = _locked_inquiry(inquiry)
    _check_inquiry_can_take_patient(inquiry)
    patient, episode = patient_register(
        acting_user=acting_user,
        program=inquiry.program,
        referral_source=inquiry.referral_source or ReferralSource.INDIVIDUAL,
        status=EpisodeStatus.PLANNED,
        **demographics,
    )
    inquiry.patient, inquiry.episode = patient, episode
    inquiry.save()
    _audit(acting_user, "update", "inquiry", inquiry.pk, patient_id=patient.pk, event="create_patient")
    return patient


# ---- contact attempts ----


@transaction.atomic
def contact_attempt_record(
    *,
    acting_user,
    inquiry: Inquiry,
    method: str,
    outcome: str,
    attempted_at=None,
    next_attempt_on: date | None = None,
    note: str = "",
) -> ContactAttempt:
    """Record a call, text or e-mail to the inquiry's person, its outcome and the date of the next attempt."""
    inquiry = _locked_inquiry(inquiry)
    errors: dict = {}
    if not inquiry.is_open:
        errors["__all__"] = f"This inquiry is closed ({inquiry.get_stage_display()})."
    if method not in ContactMethod.values:
        errors["method"] = f"Choose how: {', '.join(ContactMethod.values)}."
    if outcome not in ContactOutcome.values:
        errors["outcome"] = f"Choose the outcome: {', '.join(ContactOutcome.values)}."
    now = timezone.now()
    attempted_at = attempted_at or now
    if attempted_at > now:
        errors["attempted_at"] = "The attempt cannot be in the future."
    elif attempted_at < inquiry.received_at:
        errors["attempted_at"] = "The attempt cannot be before the inquiry was received."
    today = local_date(now, inquiry.program.time_zone)
    if next_attempt_on is not None and next_attempt_on < today:
        errors["next_attempt_on"] = f"The next attempt cannot be in the past (today is {today.isoformat()})."
    _raise(errors)
    attempt = ContactAttempt.objects.create(
        inquiry=inquiry,
        method=method,
        outcome=outcome,
        note=(note or "").strip()[:300],
        attempted_at=attempted_at,
        next_attempt_on=next_attempt_on,
        made_by=acting_user,
    )
    _audit(
        acting_user,
        "create",
        "contact_attempt",
        attempt.pk,
        patient_id=inquiry.patient_id,
        inquiry_id=inquiry.pk,
        method=method,
        outcome=outcome,
    )
    return attempt


# ---- screening ----


def clean_screening_answers(answers: dict) -> dict:
    errors = {}
    cleaned = {}
    for key in QUESTION_KEYS:
        entry = answers.get(key) or {}
        answer = entry.get("answer")
        if answer not in Answer.values:
            errors[f"{key}_answer"] = f"Answer {answer!r} is not allowed; choose {', '.join(Answer.values)}."
            continue
        cleaned[key] = {"answer": answer, "note": str(entry.get("note") or "").strip()[:500]}
    _raise(errors)
    return cleaned


@transaction.atomic
def screening_record(
    *,
    acting_user,
    inquiry: Inquiry,
    answers: dict,
    outcome: str,
    higher_level: str = "",
    referred_to: str = "",
    referral_reason: str = "",
) -> Screening:
    """Record the pre-admission screening. The clinician chooses the outcome; nothing is computed."""
    inquiry = _locked_inquiry(inquiry)
    if not inquiry.is_open:
        raise ValidationError({"__all__": f"This inquiry is closed ({inquiry.get_stage_display()})."})
    errors: dict = {}
    try:
        answers = clean_screening_answers(answers)
    except ValidationError as error:
        errors.update(error.message_dict)
    if outcome not in Outcome.values:
        errors["outcome"] = f"Choose the outcome: {', '.join(Outcome.values)}."
    if outcome == Outcome.HIGHER and higher_level not in HigherLevel.values:
        errors["higher_level"] = f"Choose the higher level: {', '.join(HigherLevel.values)}."
    if outcome != Outcome.HIGHER and higher_level:
        errors["higher_level"] = "A higher level is only chosen when the outcome is 'higher'."
    referred_to, referral_reason = (referred_to or "").strip(), (referral_reason or "").strip()
    if referred_to and not referral_reason:
        errors["referral_reason"] = "Give the reason for the referral out."
    if referral_reason and not referred_to:
        errors["referred_to"] = "Name the place the person is referred to."
    _raise(errors)
    screening = Screening.objects.create(
        inquiry=inquiry,
        answers=answers,
        outcome=outcome,
        higher_level=higher_level,
        referred_to=referred_to[:200],
        referral_reason=referral_reason[:300],
        screened_by=acting_user,
    )
    _audit(
        acting_user,
        "create",
        "screening",
        screening.pk,
        patient_id=inquiry.patient_id,
        inquiry_id=inquiry.pk,
        outcome=outcome,
    )
    if inquiry.stage == Stage.CONTACTED:
        inquiry_move(acting_user=acting_user, inquiry=inquiry, to_stage=Stage.SCREENED)
    return screening


# ---- assessment ----


def _refuse_if_signed(assessment: Assessment) -> None:
    if assessment.is_signed:
        raise ValidationError(
            {"__all__": "This assessment is signed and locked; add an addendum to record further information."}
        )


def clean_substances(rows) -> list[dict]:
    if not isinstance(rows, list):
        raise ValidationError({"substances": "Substances must be a list of rows."})
    errors: dict = {}
    cleaned = []
    if len(rows) > MAX_SUBSTANCES:
        errors["substances"] = f"Record at most {MAX_SUBSTANCES} substances (primary, secondary, tertiary)."
    for index, row in enumerate(rows[:MAX_SUBSTANCES], start=1):
        if not any(row.get(name) not in (None, "") for name in SUBSTANCE_CODES):
            continue
        clean_row = {}
        for name, choices in SUBSTANCE_CODES.items():
            clean_row[name] = _choice(
                errors,
                f"substance_{index}_{name}",
                row.get(name),
                choices,
                required=name == "substance",
                label=f"substance {index} {name.replace('_', ' ')}",
            )
        cleaned.append(clean_row)
    _raise(errors)
    return cleaned


def _clean_assessment_data(data: dict) -> dict:
    known = set(ASSESSMENT_TEXT_FIELDS) | set(ASSESSMENT_CODE_FIELDS) | {"substances"}
    unknown = set(data) - known
    if unknown:
        raise ValidationError({"__all__": f"Unknown assessment fields: {', '.join(sorted(unknown))}."})
    errors: dict = {}
    cleaned: dict = {}
    for name in ASSESSMENT_TEXT_FIELDS:
        if name in data:
            cleaned[name] = str(data[name] or "").strip()
    for name, choices in ASSESSMENT_CODE_FIELDS.items():
        if name in data:
            cleaned[name] = _choice(errors, name, data[name], choices, required=False)
    if "substances" in data:
        try:
            cleaned["substances"] = clean_substances(data["substances"])
        except ValidationError as error:
            errors.update(error.message_dict)
    _raise(errors)
    return cleaned


@transaction.atomic
def assessment_start(*, acting_user, patient, program) -> Assessment:
    if program.pk not in acting_user.program_ids:
        raise ValidationError({"program": f"You do not work in {program.name}."})
    existing = Assessment.objects.filter(patient=patient, program=program, status=AssessmentStatus.DRAFT).first()
    if existing is not None:
        return existing
    assessment = Assessment.objects.create(patient=patient, program=program, created_by=acting_user)
    _audit(acting_user, "create", "assessment", assessment.pk, patient_id=patient.pk)
    return assessment


@transaction.atomic
def assessment_save_draft(*, acting_user, assessment: Assessment, data: dict) -> tuple[Assessment, list[str]]:
    """Save a draft (autosave or the Save draft button). Returns the assessment and the fields that changed;
    an autosave that changes nothing writes nothing. A signed assessment refuses every edit."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _refuse_if_signed(assessment)
    cleaned = _clean_assessment_data(data)
    changed = sorted(name for name, value in cleaned.items() if getattr(assessment, name) != value)
    if not changed:
        return assessment, []
    for name in changed:
        setattr(assessment, name, cleaned[name])
    assessment.save()
    # Field names only: the content is PHI.
    _audit(acting_user, "update", "assessment", assessment.pk, patient_id=assessment.patient_id, fields=changed)
    return assessment, changed


def missing_sections(assessment: Assessment) -> list[str]:
    missing = []
    for name, label in REQUIRED_SECTIONS.items():
        value = getattr(assessment, name)
        if value in (None, "", []):
            missing.append(label)
    return missing


@transaction.atomic
def assessment_sign(*, acting_user, assessment: Assessment) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _refuse_if_signed(assessment)
    missing = missing_sections(assessment)
    if missing:
        raise ValidationError({"__all__": f"Complete these sections before signing: {', '.join(missing)}."})
    assessment.status = AssessmentStatus.SIGNED
    assessment.signed_by = acting_user
    assessment.signed_at = timezone.now()
    assessment.save()
    _audit(acting_user, "update", "assessment", assessment.pk, patient_id=assessment.patient_id, event="sign")
    return assessment


@transaction.atomic
def addendum_add(*, acting_user, assessment: Assessment, text: str) -> Addendum:
    if not assessment.is_signed:
        raise ValidationError({"text": "The assessment is still a draft: edit it instead of adding an addendum."})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write the addendum."})
    addendum = Addendum.objects.create(assessment=assessment, text=text, author=acting_user, created_at=timezone.now())
    _audit(
        acting_user,
        "create",
        "assessment_addendum",
        addendum.pk,
        patient_id=assessment.patient_id,
        assessment_id=assessment.pk,
    )
    return addendum


# ---- ASAM placement ----


@transaction.atomic
def placement_record(
    *,
    acting_user,
    patient,
    program,
    edition: str,
    ratings: dict,
    recommended_level: LevelOfCare | None,
    actual_level: LevelOfCare | None,
    difference_reason: str = "",
    difference_note: str = "",
    assessment: Assessment | None = None,
) -> Placement:
    """Record and sign a placement. The recommended level is the clinician's choice, never computed."""
    errors: dict = {}
    if program.pk not in acting_user.program_ids:
        errors["program"] = f"You do not work in {program.name}."
    if edition not in EDITIONS:
        errors["edition"] = f"Choose the ASAM edition: {', '.join(EDITIONS)}."
    else:
        try:
            ratings = asam.clean_ratings(edition, ratings)
        except ValidationError as error:
            errors.update(error.message_dict)
        for field, level in (("recommended_level", recommended_level), ("actual_level", actual_level)):
            if level is None:
                codes = ", ".join(code for e, code in _levels_of(edition))
                errors[field] = f"Choose a level of care of {EDITIONS[edition].title}: {codes}."
            elif level.edition != edition:
                errors[field] = f"Choose a level of {EDITIONS[edition].title}, the edition of the ratings."
    differ = (
        recommended_level is not None
        and actual_level is not None
        and (recommended_level.edition, recommended_level.code) != (actual_level.edition, actual_level.code)
    )
    difference_note = (difference_note or "").strip()
    if differ:
        if difference_reason not in DifferenceReason.values:
            errors["difference_reason"] = (
                "The actual level differs from the recommended one: choose the reason "
                f"({', '.join(DifferenceReason.values)})."
            )
        elif difference_reason == DifferenceReason.OTHER and not difference_note:
            errors["difference_note"] = "Explain the 'other' reason."
    elif difference_reason:
        errors["difference_reason"] = "Give a reason only when the actual level differs from the recommended one."
    if assessment is not None and assessment.patient_id != patient.pk:
        errors["assessment"] = "That assessment belongs to another patient."
    _raise(errors)
    placement = Placement.objects.create(
        patient=patient,
        program=program,
        assessment=assessment,
        edition=edition,
        ratings=ratings,
        recommended_edition=recommended_level.edition,
        recommended_code=recommended_level.code,
        actual_edition=actual_level.edition,
        actual_code=actual_level.code,
        difference_reason=difference_reason if differ else "",
        difference_note=difference_note[:300] if differ else "",
        signed_by=acting_user,
        signed_at=timezone.now(),
    )
    _audit(
        acting_user,
        "create",
        "placement",
        placement.pk,
        patient_id=patient.pk,
        recommended=f"{recommended_level.edition}:{recommended_level.code}",
        actual=f"{actual_level.edition}:{actual_level.code}",
    )
    return placement


def _levels_of(edition: str):
    from openiop.programs.levels import LEVELS

    return [key for key in LEVELS if key[0] == edition]


# ---- admission ----

TEDS_FIELDS = {
    "prior_episodes": PriorEpisodes,
    "employment": Employment,
    "education": Education,
    "living_arrangement": LivingArrangement,
    "planned_medication_assisted_therapy": PlannedMedicationAssistedTherapy,
}
SUBSTANCE_SLOTS = ("primary", "secondary", "tertiary")


def _clean_teds(teds: dict) -> dict:
    errors: dict = {}
    cleaned: dict = {}
    for name, choices in TEDS_FIELDS.items():
        cleaned[name] = _choice(errors, name, teds.get(name), choices, label=f"TEDS {name.replace('_', ' ')}")
    for slot in SUBSTANCE_SLOTS:
        substance = _choice(
            errors,
            f"{slot}_substance",
            teds.get(f"{slot}_substance"),
            Substance,
            required=slot == "primary",
            label=f"the {slot} substance",
        )
        cleaned[f"{slot}_substance"] = substance
        for name, choices in (("route", Route), ("frequency", Frequency), ("age_at_first_use", AgeAtFirstUse)):
            field = f"{slot}_{name}"
            cleaned[field] = _choice(
                errors,
                field,
                teds.get(field),
                choices,
                required=slot == "primary" or substance is not None,
                label=f"{slot} {name.replace('_', ' ')}",
            )
    unknown = set(teds) - set(cleaned)
    if unknown:
        errors["__all__"] = f"Unknown TEDS fields: {', '.join(sorted(unknown))}."
    _raise(errors)
    return cleaned


@transaction.atomic
def admission_admit(
    *,
    acting_user,
    inquiry: Inquiry,
    admitted_on: date,
    track,
    level_of_care: LevelOfCare,
    primary_clinician,
    teds: dict,
    placement: Placement | None = None,
    override_reason: str = "",
) -> AdmissionRecord:
    """Admit the inquiry's patient: episode_admit on the planned episode, the TEDS admission record, and the
    inquiry moves to Admitted. Admission measures then come due from the program's schedule rules."""
    from openiop.episodes.services import episode_admit

    inquiry = _locked_inquiry(inquiry)
    if inquiry.stage not in ADMITTABLE_STAGES:
        names = ", ".join(Stage(s).label for s in ADMITTABLE_STAGES)
        raise ValidationError(
            {"__all__": f"Only a {names.lower()} inquiry can be admitted; this one is {inquiry.get_stage_display()}."}
        )
    if inquiry.patient_id is None or inquiry.episode_id is None:
        raise ValidationError({"__all__": "Link the inquiry to a patient first (existing or new)."})
    cleaned = _clean_teds(teds)
    if placement is not None and placement.patient_id != inquiry.patient_id:
        raise ValidationError({"placement": "That placement belongs to another patient."})
    episode = episode_admit(
        acting_user=acting_user,
        episode=inquiry.episode,
        admitted_on=admitted_on,
        track=track,
        level_of_care=level_of_care,
        primary_clinician=primary_clinician,
        override_reason=override_reason,
    )
    received_on = local_date(inquiry.received_at, inquiry.program.time_zone)
    record = AdmissionRecord.objects.create(
        episode=episode,
        inquiry=inquiry,
        placement=placement,
        referral_source=episode.referral_source,
        days_waiting=max((admitted_on - received_on).days, 0),
        recorded_by=acting_user,
        **cleaned,
    )
    _audit(acting_user, "create", "admission_record", record.pk, patient_id=episode.patient_id, episode_id=episode.pk)
    previous = inquiry.stage
    now = timezone.now()
    inquiry.stage, inquiry.stage_changed_at = "admitted", now
    inquiry.save()
    _record_stage(inquiry, from_stage=previous, reason="", acting_user=acting_user, at=now)
    _audit(
        acting_user,
        "update",
        "inquiry",
        inquiry.pk,
        patient_id=inquiry.patient_id,
        event="stage",
        from_stage=previous,
        to_stage=Stage.ADMITTED,
    )
    return record
