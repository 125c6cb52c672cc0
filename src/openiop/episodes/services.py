"""Episode-of-care writes. Each service validates the transition, writes, and audits in one transaction.

Errors are ValidationError keyed by form field, so a view can show them beside the field that is wrong.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from openiop.accounts.roles import CLINICAL_ROLES, TREATING_ROLES
from openiop.audit.services import audit_record
from openiop.core.timezones import local_today
from openiop.programs.levels import LevelOfCare

from .codes import DischargeReason
from .models import (
    IN_TREATMENT_STATUSES,
    OPEN_STATUSES,
    AdmissionCheck,
    AdmissionOverride,
    CareTeamMember,
    ConsentPacket,
    Episode,
    EpisodeStatus,
    LevelOfCareChange,
    LevelOfCareChangeKind,
    PacketSignatureMethod,
    PacketSigner,
)

# status -> statuses it may move to through episode_set_status (admit/discharge have their own services)
STATUS_TRANSITIONS = {
    EpisodeStatus.PLANNED: {EpisodeStatus.WAITLIST, EpisodeStatus.CANCELLED},
    EpisodeStatus.WAITLIST: {EpisodeStatus.PLANNED, EpisodeStatus.CANCELLED},
    EpisodeStatus.ACTIVE: {EpisodeStatus.ON_HOLD},
    EpisodeStatus.ON_HOLD: {EpisodeStatus.ACTIVE},
}


def _fail(field: str, message: str):
    raise ValidationError({field: message})


def _level_key(level: LevelOfCare) -> str:
    return f"{level.edition}:{level.code}"


def _check_track(track, program) -> None:
    if track is None:
        _fail("track", "Choose the track the patient attends.")
    if track.program_id != program.pk:
        _fail("track", f"Track '{track.name}' belongs to another program; choose a track of {program.name}.")
    if not track.is_active:
        _fail("track", f"Track '{track.name}' is closed to new patients.")


def _phase_for(phase, program):
    """The phase asked for, checked against the program; a program with phases starts patients in the first."""
    if phase is None:
        return program.phases.order_by("order").first()
    if phase.program_id != program.pk:
        _fail("phase", f"Phase '{phase.name}' belongs to another program; choose a phase of {program.name}.")
    return phase


def _check_clinician(user, program, field: str = "primary_clinician", roles=TREATING_ROLES) -> None:
    """Primary clinicians come from the treating roles; a care team may also name peer support."""
    if user is None:
        _fail(field, "Choose the primary clinician.")
    if user.role not in roles or not user.is_active:
        _fail(field, f"{user.display_name} is not an active clinical staff member.")
    if program.pk not in user.program_ids:
        _fail(field, f"{user.display_name} does not work in {program.name}.")


def _check_date(field: str, value: date, program, *, not_before: date | None = None, label: str = "") -> None:
    if value is None:
        _fail(field, "Enter a date (YYYY-MM-DD).")
    today = local_today(program.time_zone)
    if value > today:
        _fail(field, f"The date cannot be in the future (today in {program.time_zone} is {today.isoformat()}).")
    if not_before and value < not_before:
        _fail(field, f"The date cannot be before {label} ({not_before.isoformat()}).")


def _locked(episode: Episode) -> Episode:
    return Episode.objects.select_for_update(of=("self",)).select_related("program", "track").get(pk=episode.pk)


def _record_level(
    episode: Episode, *, kind: str, effective_on: date, reason: str, acting_user, evidence: dict | None = None
) -> None:
    LevelOfCareChange.objects.create(
        episode=episode,
        kind=kind,
        effective_on=effective_on,
        level_of_care_edition=episode.level_of_care_edition,
        level_of_care_code=episode.level_of_care_code,
        track=episode.track,
        phase=episode.phase,
        reason=reason,
        evidence=(evidence or {}).get("data", {}),
        evidence_summary=(evidence or {}).get("summary", "")[:1000],
        recorded_by=acting_user,
    )


def _audit(acting_user, episode: Episode, action: str, **detail) -> None:
    audit_record(
        user=acting_user,
        action=action,
        object_type="episode",
        object_id=episode.pk,
        patient_id=episode.patient_id,
        detail={"status": episode.status, "program_id": episode.program_id, **detail},
    )


@transaction.atomic
def episode_create(
    *,
    acting_user,
    patient,
    program,
    referral_source: int,
    status: str = EpisodeStatus.PLANNED,
    track=None,
    level_of_care: LevelOfCare | None = None,
    primary_clinician=None,
) -> Episode:
    if status not in (EpisodeStatus.PLANNED, EpisodeStatus.WAITLIST):
        _fail("status", "A new episode starts as Planned or Waitlist; admit it to make it Active.")
    if Episode.objects.filter(patient=patient, program=program, status__in=OPEN_STATUSES).exists():
        _fail("program", f"This patient already has an open episode in {program.name}.")
    if track is not None:
        _check_track(track, program)
    if primary_clinician is not None:
        _check_clinician(primary_clinician, program)
    level = level_of_care or program.level_of_care
    episode = Episode.objects.create(
        patient=patient,
        program=program,
        track=track,
        status=status,
        referral_source=referral_source,
        level_of_care_edition=level.edition,
        level_of_care_code=level.code,
        primary_clinician=primary_clinician,
    )
    _audit(acting_user, episode, "create", level=_level_key(level))
    return episode


def missing_packet_documents(episode: Episode) -> list[str]:
    """Keys of the program's consent-to-treat documents no signed packet of this episode covers (one query)."""
    signed = set()
    for keys in ConsentPacket.objects.filter(episode=episode).values_list("documents", flat=True):
        signed |= {d["key"] for d in keys}
    return [key for key in episode.program.packet_documents if key not in signed]


def admission_refusals(episode: Episode, admitted_on: date) -> dict[str, str]:
    """The admission checks that refuse this episode on this date: check -> why. Empty: nothing refuses."""
    from openiop.programs.models import PACKET_DOCUMENTS

    refusals = {}
    age_refusal = episode.program.age_refusal(episode.patient.age_on(admitted_on))
    if age_refusal:
        refusals[AdmissionCheck.AGE] = age_refusal
    missing = missing_packet_documents(episode)
    if missing:
        titles = ", ".join(PACKET_DOCUMENTS.get(key, key) for key in missing)
        refusals[AdmissionCheck.CONSENT_PACKET] = f"The consent-to-treat packet is not signed: {titles}."
    return refusals


def _admission_overrides(acting_user, episode: Episode, refusals: dict[str, str], override_reason: str) -> list:
    """Refuse the admission with the reasons, or record a program director's override of each check."""
    from openiop.accounts.roles import Role

    override_reason = (override_reason or "").strip()
    if not refusals:
        return []
    if not override_reason:
        _fail(
            "__all__",
            " ".join(refusals.values())
            + " A program director may admit anyway with an override and the reason for it.",
        )
    if acting_user.role != Role.DIRECTOR:
        _fail(
            "override_reason",
            "Only a program director may override an admission check: " + " ".join(refusals.values()),
        )
    return [
        AdmissionOverride.objects.create(
            episode=episode,
            admission_check=check,
            refusal=refusal[:500],
            reason=override_reason[:500],
            approved_by=acting_user,
        )
        for check, refusal in refusals.items()
    ]


@transaction.atomic
def episode_admit(
    *,
    acting_user,
    episode: Episode,
    admitted_on: date,
    track,
    level_of_care: LevelOfCare,
    primary_clinician,
    phase=None,
    override_reason: str = "",
) -> Episode:
    """Admit a planned or waitlisted episode. The patient's age must be within the program's bounds and the
    consent-to-treat packet signed (consent_packet_sign); otherwise only a program director admits, with an
    override reason, recorded per check (AdmissionOverride) and audited."""
    episode = _locked(episode)
    if episode.status not in (EpisodeStatus.PLANNED, EpisodeStatus.WAITLIST):
        _fail(
            "__all__",
            f"Only a planned or waitlisted episode can be admitted; this one is {episode.get_status_display()}.",
        )
    _check_date("admitted_on", admitted_on, episode.program)
    _check_track(track, episode.program)
    _check_clinician(primary_clinician, episode.program)
    overrides = _admission_overrides(acting_user, episode, admission_refusals(episode, admitted_on), override_reason)
    episode.phase = _phase_for(phase, episode.program)
    episode.status = EpisodeStatus.ACTIVE
    episode.admitted_on = admitted_on
    episode.track = track
    episode.level_of_care_edition, episode.level_of_care_code = level_of_care.edition, level_of_care.code
    episode.primary_clinician = primary_clinician
    episode.status_reason = ""
    episode.save()
    _record_level(
        episode, kind=LevelOfCareChangeKind.ADMISSION, effective_on=admitted_on, reason="", acting_user=acting_user
    )
    CareTeamMember.objects.get_or_create(
        episode=episode, user=primary_clinician, defaults={"team_role": "Primary clinician"}
    )
    _audit(
        acting_user,
        episode,
        "update",
        event="admit",
        level=_level_key(level_of_care),
        overrides={o.admission_check: o.pk for o in overrides},
    )
    return episode


def _record_moves(acting_user, old: Episode, new: Episode, categories: list[str]) -> None:
    """One RecordMove per category moving from the old episode's program to the new one's (kept if it exists)."""
    from openiop.privacy.models import RecordMove

    RecordMove.objects.bulk_create(
        [
            RecordMove(
                patient_id=old.patient_id,
                from_program_id=old.program_id,
                to_program_id=new.program_id,
                category=category,
                transfer_episode=new,
                moved_by=acting_user,
            )
            for category in categories
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def consent_packet_sign(
    *,
    acting_user,
    episode: Episode,
    agreed: list[str],
    signed_by_name: str,
    signer_relationship: str,
    signature_method: str,
    document=None,
    signed_ip: str = "",
) -> ConsentPacket:
    """Record the consent-to-treat packet signed by the patient (or their guardian or representative): every
    document of the program's packet agreed, with a typed signature or an uploaded signed scan."""
    from django.utils import timezone

    from openiop.consent.services import DOCUMENT_TYPES, MAX_DOCUMENT_BYTES
    from openiop.programs.models import PACKET_DOCUMENTS

    episode = _locked(episode)
    program = episode.program
    errors: dict[str, str] = {}
    if program.pk not in acting_user.program_ids:
        errors["__all__"] = f"You do not work in {program.name}."
    if episode.status not in OPEN_STATUSES:
        errors["__all__"] = f"This episode is {episode.get_status_display().lower()}; the packet is for an open one."
    required = list(program.packet_documents)
    not_agreed = [key for key in required if key not in (agreed or [])]
    if not required:
        errors["agreed"] = f"{program.name} lists no packet documents; a director sets them in the program settings."
    elif not_agreed:
        errors["agreed"] = "The signer must agree to every document: " + ", ".join(
            PACKET_DOCUMENTS.get(key, key) for key in not_agreed
        )
    signed_by_name = " ".join((signed_by_name or "").split())
    if not signed_by_name:
        errors["signed_by_name"] = "The signer types their full name as their signature."
    if signer_relationship not in PacketSigner.values:
        errors["signer_relationship"] = f"Choose who signs: {', '.join(PacketSigner.values)}."
    if signature_method not in PacketSignatureMethod.values:
        errors["signature_method"] = f"Choose how it was signed: {', '.join(PacketSignatureMethod.values)}."
    elif signature_method == PacketSignatureMethod.UPLOADED and document is None:
        errors["document"] = "Upload the signed packet."
    if document is not None:
        if document.content_type not in DOCUMENT_TYPES:
            errors["document"] = f"Upload the signed packet as {', '.join(DOCUMENT_TYPES.values())}."
        elif document.size > MAX_DOCUMENT_BYTES:
            errors["document"] = "The file is larger than 5 MB; scan it at a lower resolution."
    if errors:
        raise ValidationError(errors)
    packet = ConsentPacket.objects.create(
        episode=episode,
        documents=[{"key": key, "title": PACKET_DOCUMENTS.get(key, key)} for key in required],
        signed_by_name=signed_by_name[:200],
        signer_relationship=signer_relationship,
        signature_method=signature_method,
        signed_at=timezone.now(),
        signed_ip=signed_ip[:45],
        document=document.read() if document is not None else None,
        document_name=document.name[:200] if document is not None else "",
        document_type=document.content_type if document is not None else "",
        recorded_by=acting_user,
    )
    audit_record(
        user=acting_user,
        action="create",
        object_type="consent_packet",
        object_id=packet.pk,
        patient_id=episode.patient_id,
        detail={"episode_id": episode.pk, "documents": required, "method": signature_method},
    )
    return packet


@transaction.atomic
def episode_transfer(
    *,
    acting_user,
    episode: Episode,
    effective_on: date,
    reason: str,
    kind: str = LevelOfCareChangeKind.TRANSFER,
    program=None,
    track=None,
    level_of_care: LevelOfCare | None = None,
    phase=None,
    evidence: dict | None = None,
    records_moved: list[str] | None = None,
) -> Episode:
    """Move an episode to another track, phase or level; to another program it ends and a linked one begins.

    To another program, ``records_moved`` (privacy.models.RecordCategory values; default: every category) names
    what of the old program's record moves with the patient's care: the new program's staff read those
    categories from then on (decision 0009), and the audit row lists them.

    The move takes effect from ``effective_on`` (which may be in the past): rosters and service hours from that
    date follow the new track's phase days. ``evidence`` ({"data": ..., "summary": ...}) is what the decision
    rested on, kept with the history row. Returns the episode the patient continues in.
    """
    episode = _locked(episode)
    if episode.status not in IN_TREATMENT_STATUSES:
        _fail(
            "__all__",
            f"Only an active or on-hold episode can be transferred; this one is {episode.get_status_display()}.",
        )
    if kind not in (LevelOfCareChangeKind.TRANSFER, LevelOfCareChangeKind.STEP_DOWN, LevelOfCareChangeKind.STEP_UP):
        _fail("kind", "Choose transfer, step down or step up.")
    _check_date("effective_on", effective_on, episode.program, not_before=episode.admitted_on, label="admission")
    reason = (reason or "").strip()
    if not reason:
        _fail("reason", "Give the clinical reason for the move.")
    level = level_of_care or episode.level_of_care
    target_program = program or episode.program

    if target_program.pk != episode.program_id:
        if target_program.pk not in acting_user.program_ids:
            _fail("program", f"You do not work in {target_program.name}.")
        _check_track(track, target_program)
        if Episode.objects.filter(
            patient_id=episode.patient_id, program=target_program, status__in=OPEN_STATUSES
        ).exists():
            _fail("program", f"The patient already has an open episode in {target_program.name}.")
        from openiop.privacy.models import RecordCategory
        from openiop.privacy.policy import categories_moved_on_transfer

        moved = categories_moved_on_transfer() if records_moved is None else list(dict.fromkeys(records_moved))
        unknown = [c for c in moved if c not in RecordCategory.values]
        if unknown:
            _fail("records_moved", f"Choose what moves from: {', '.join(RecordCategory.values)}.")
        episode.status = EpisodeStatus.FINISHED
        episode.discharged_on = effective_on
        episode.discharge_reason = DischargeReason.TRANSFERRED
        episode.status_reason = reason
        episode.save()
        _record_level(
            episode,
            kind=LevelOfCareChangeKind.DISCHARGE,
            effective_on=effective_on,
            reason=reason,
            acting_user=acting_user,
        )
        _audit(acting_user, episode, "update", event="transfer_out", to_program_id=target_program.pk)
        clinician = episode.primary_clinician
        keep_clinician = clinician is not None and target_program.pk in clinician.program_ids
        new_episode = Episode.objects.create(
            patient_id=episode.patient_id,
            program=target_program,
            track=track,
            phase=_phase_for(phase, target_program),
            status=EpisodeStatus.ACTIVE,
            referral_source=episode.referral_source,
            level_of_care_edition=level.edition,
            level_of_care_code=level.code,
            admitted_on=effective_on,
            primary_clinician=clinician if keep_clinician else None,
            transferred_from=episode,
        )
        _record_level(
            new_episode, kind=kind, effective_on=effective_on, reason=reason, acting_user=acting_user, evidence=evidence
        )
        if keep_clinician:
            CareTeamMember.objects.create(episode=new_episode, user=clinician, team_role="Primary clinician")
        _record_moves(acting_user, episode, new_episode, moved)
        _audit(
            acting_user,
            new_episode,
            "create",
            event="transfer_in",
            from_episode_id=episode.pk,
            level=_level_key(level),
            records_moved=moved,
        )
        return new_episode

    new_track = track or episode.track
    _check_track(new_track, episode.program)
    new_phase = _phase_for(phase, episode.program) if phase is not None else episode.phase
    if (
        new_track.pk == episode.track_id
        and new_phase == episode.phase
        and (level.edition, level.code) == (episode.level_of_care_edition, episode.level_of_care_code)
    ):
        _fail("__all__", "Nothing changes: choose another track, phase, level of care or program.")
    last_change = episode.level_history.order_by("-effective_on").values_list("effective_on", flat=True).first()
    if last_change and effective_on < last_change:
        _fail("effective_on", f"The last change took effect on {last_change.isoformat()}; this one cannot be earlier.")
    episode.track = new_track
    episode.phase = new_phase
    episode.level_of_care_edition, episode.level_of_care_code = level.edition, level.code
    episode.save()
    _record_level(
        episode, kind=kind, effective_on=effective_on, reason=reason, acting_user=acting_user, evidence=evidence
    )
    _audit(
        acting_user,
        episode,
        "update",
        event=kind,
        level=_level_key(level),
        track_id=new_track.pk,
        phase_id=new_phase.pk if new_phase else None,
    )
    return episode


@transaction.atomic
def episode_discharge(*, acting_user, episode: Episode, discharged_on: date, reason: int, note: str = "") -> Episode:
    episode = _locked(episode)
    if episode.status not in IN_TREATMENT_STATUSES:
        hint = " Cancel a planned or waitlisted episode instead." if episode.status in OPEN_STATUSES else ""
        _fail(
            "__all__",
            f"Only an active or on-hold episode can be discharged; this one is {episode.get_status_display()}.{hint}",
        )
    if reason not in DischargeReason.values:
        allowed = ", ".join(f"{value} {label}" for value, label in DischargeReason.choices)
        _fail("reason", f"Choose a TEDS discharge reason: {allowed}.")
    _check_date("discharged_on", discharged_on, episode.program, not_before=episode.admitted_on, label="admission")
    episode.status = EpisodeStatus.FINISHED
    episode.discharged_on = discharged_on
    episode.discharge_reason = reason
    episode.status_reason = note.strip()
    episode.save()
    _record_level(
        episode,
        kind=LevelOfCareChangeKind.DISCHARGE,
        effective_on=discharged_on,
        reason=note.strip(),
        acting_user=acting_user,
    )
    _audit(acting_user, episode, "update", event="discharge", discharge_reason=reason)
    return episode


@transaction.atomic
def episode_set_status(*, acting_user, episode: Episode, status: str, reason: str) -> Episode:
    """Waitlist, cancel, hold and resume. Admission and discharge have their own services."""
    episode = _locked(episode)
    allowed = STATUS_TRANSITIONS.get(episode.status, set())
    if status not in allowed:
        names = ", ".join(sorted(EpisodeStatus(s).label for s in allowed)) or "nothing (use admit or discharge)"
        _fail("status", f"A {episode.get_status_display().lower()} episode can move to: {names}.")
    reason = (reason or "").strip()
    if status in (EpisodeStatus.CANCELLED, EpisodeStatus.ON_HOLD) and not reason:
        _fail("reason", "Give a reason for putting the episode on hold or cancelling it.")
    previous = episode.status
    episode.status = status
    episode.status_reason = reason
    episode.save()
    _audit(acting_user, episode, "update", event="status", previous_status=previous)
    return episode


@transaction.atomic
def care_team_add(*, acting_user, episode: Episode, user, team_role: str) -> CareTeamMember:
    _check_clinician(user, episode.program, field="user", roles=CLINICAL_ROLES)
    team_role = (team_role or "").strip()
    if not team_role:
        _fail("team_role", "Say what this person does on the team (e.g. prescriber, peer recovery coach).")
    if CareTeamMember.objects.filter(episode=episode, user=user).exists():
        _fail("user", f"{user.display_name} is already on the care team.")
    member = CareTeamMember.objects.create(episode=episode, user=user, team_role=team_role)
    _audit(acting_user, episode, "update", event="care_team_add", member_user_id=user.pk)
    return member


@transaction.atomic
def care_team_remove(*, acting_user, member: CareTeamMember) -> None:
    episode = member.episode
    if episode.primary_clinician_id == member.user_id:
        _fail("__all__", "The primary clinician stays on the team; transfer the primary role first.")
    member.delete()
    _audit(acting_user, episode, "update", event="care_team_remove", member_user_id=member.user_id)
