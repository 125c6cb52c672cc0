"""Note writes: start from an attended session, edit a draft, sign (locks), addenda, co-signature, group notes.

Every refusal is a ValidationError keyed by the field it is about; every write is atomic and audited in the
same transaction, with identifiers only (never note text) in the audit detail.
"""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts.signing import Signature, signature_method
from openiop.audit.services import audit_record
from openiop.schedule.models import (
    APPOINTMENT_TYPES,
    ATTENDED,
    GROUP_TYPES,
    Attendance,
    Session,
    SessionStatus,
    SessionType,
)
from openiop.tasks.models import Task, TaskKind, TaskStatus
from openiop.tasks.services import task_complete, task_raise, task_withdraw_for_source

from .formats import FORMATS, GROUP, SHARED_KEYS
from .models import (
    COUNSELLING_TYPES,
    AttendanceFlag,
    CounsellingNote,
    GroupNote,
    GroupNoteEntry,
    NoteAddendum,
    NoteSettings,
    NoteStatus,
    NoteSupervision,
    NoteTemplate,
    Participation,
    ProgressNote,
)
from .selectors import goals_in_force, goals_in_force_by_episode, settings_for

ATTENDED_WORDS = "present, late, left early or telehealth"


def _fail(field: str, message: str):
    raise ValidationError({field: message})


def _audit(acting_user, action: str, note, **detail) -> None:
    audit_record(
        user=acting_user,
        action=action,
        object_type="progress_note",
        object_id=note.pk,
        patient_id=note.patient_id,
        detail=detail,
    )


def _same_name(typed: str, user) -> bool:
    def words(value: str) -> str:
        return " ".join(value.lower().split())

    return bool(words(typed)) and words(typed) == words(user.get_full_name())


def _check_signature(user, typed_name: str, field: str = "typed_name") -> str:
    if not _same_name(typed_name or "", user):
        _fail(field, f"Type your full name exactly as it is on your account ({user.get_full_name()}) to sign.")
    return " ".join(typed_name.split())


# ---- settings ---------------------------------------------------------------------------------------------


@transaction.atomic
def note_settings_update(
    *, acting_user, program, note_format: str, late_entry_hours: int, group_late_entry_hours: int | None = None
) -> NoteSettings:
    """``late_entry_hours``: the deadline for individual sessions' notes; ``group_late_entry_hours`` for groups'
    (None keeps the program's current one)."""
    if note_format not in FORMATS:
        _fail("note_format", f"Choose one of: {', '.join(FORMATS)}.")
    if not isinstance(late_entry_hours, int) or not 1 <= late_entry_hours <= 720:
        _fail("late_entry_hours", "Give a whole number of hours between 1 and 720.")
    if group_late_entry_hours is None:
        group_late_entry_hours = settings_for(program).group_late_entry_hours
    if not isinstance(group_late_entry_hours, int) or not 1 <= group_late_entry_hours <= 720:
        _fail("group_late_entry_hours", "Give a whole number of hours between 1 and 720.")
    values = {
        "note_format": note_format,
        "late_entry_hours": late_entry_hours,
        "group_late_entry_hours": group_late_entry_hours,
    }
    settings, _ = NoteSettings.objects.update_or_create(program=program, defaults=values)
    audit_record(
        user=acting_user,
        action="update",
        object_type="note_settings",
        object_id=program.pk,
        detail=values,
    )
    return settings


@transaction.atomic
def note_supervision_set(*, acting_user, program, supervisee, supervisor) -> NoteSupervision | None:
    """Set who co-signs ``supervisee``'s notes in ``program``; ``supervisor=None`` removes the requirement."""
    from openiop.accounts.roles import TREATING_ROLES

    member_ids = set(program.memberships.values_list("user_id", flat=True))
    if supervisee.pk not in member_ids or not supervisee.has_perm("notes.write"):
        _fail("supervisee", "Choose a staff member of this program who writes progress notes.")
    if supervisor is None:
        NoteSupervision.objects.filter(program=program, supervisee=supervisee).delete()
        found = None
    else:
        if supervisor.pk == supervisee.pk:
            _fail("supervisor", "A supervisor must be someone else.")
        if (
            supervisor.pk not in member_ids
            or supervisor.role not in TREATING_ROLES
            or not supervisor.has_perm("notes.cosign")
        ):
            _fail("supervisor", "Choose a staff member of this program who may co-sign notes (a director).")
        found, _ = NoteSupervision.objects.update_or_create(
            program=program, supervisee=supervisee, defaults={"supervisor": supervisor}
        )
    audit_record(
        user=acting_user,
        action="update",
        object_type="note_supervision",
        object_id=program.pk,
        detail={"supervisee": supervisee.pk, "supervisor": supervisor.pk if supervisor else None},
    )
    return found


# ---- note templates -------------------------------------------------------------------------------------------

TEMPLATE_NAME_MAX = 120
TEMPLATE_SECTION_MAX = 4000


def _template_values(program, *, name, session_types, note_format, sections, exclude_pk=None) -> dict:
    """The cleaned fields of a template, or a ValidationError naming every bad field."""
    errors: dict[str, str] = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = "Name the template, e.g. 'Individual session (SOAP)'."
    elif len(name) > TEMPLATE_NAME_MAX:
        errors["name"] = f"Keep the name to {TEMPLATE_NAME_MAX} characters."
    else:
        taken = NoteTemplate.objects.filter(program=program, name__iexact=name).exclude(pk=exclude_pk)
        if taken.exists():
            errors["name"] = "This program already has a template with this name (retired templates keep theirs)."
    offered = [value for value in SessionType.values if value in APPOINTMENT_TYPES]
    chosen = list(dict.fromkeys(session_types or []))
    if not chosen or any(value not in offered for value in chosen):
        errors["session_types"] = (
            f"Choose one or more of: {', '.join(offered)} (group sessions are documented in the group note)."
        )
    spec = FORMATS.get(note_format)
    cleaned_sections: dict[str, str] = {}
    if spec is None:
        errors["note_format"] = f"Choose one of: {', '.join(FORMATS)}."
    else:
        titles = ", ".join(section.title for section in spec.sections)
        for key, text in (sections or {}).items():
            text = (text or "").strip()
            if not text:
                continue
            if key not in spec.section_keys:
                errors[f"section_{key}"] = (
                    f"A {note_format} template has the sections {titles}; leave {key.title()} empty."
                )
            elif len(text) > TEMPLATE_SECTION_MAX:
                errors[f"section_{key}"] = f"Keep each section to {TEMPLATE_SECTION_MAX} characters."
            else:
                cleaned_sections[key] = text
    if errors:
        raise ValidationError(errors)
    ordered = [value for value in offered if value in chosen]
    return {"name": name, "session_types": ordered, "note_format": note_format, "sections": cleaned_sections}


def _audit_template(acting_user, action: str, template: NoteTemplate, **extra) -> None:
    audit_record(
        user=acting_user,
        action=action,
        object_type="note_template",
        object_id=template.pk,
        detail={
            "program_id": template.program_id,
            "note_format": template.note_format,
            "session_types": template.session_types,
            **extra,
        },
    )


@transaction.atomic
def note_template_create(
    *, acting_user, program, name: str, session_types: list[str], note_format: str, sections: dict[str, str]
) -> NoteTemplate:
    values = _template_values(
        program, name=name, session_types=session_types, note_format=note_format, sections=sections
    )
    template = NoteTemplate.objects.create(program=program, **values)
    _audit_template(acting_user, "create", template)
    return template


@transaction.atomic
def note_template_update(
    *,
    acting_user,
    template: NoteTemplate,
    name: str,
    session_types: list[str],
    note_format: str,
    sections: dict[str, str],
) -> NoteTemplate:
    template = NoteTemplate.objects.select_for_update().get(pk=template.pk)
    if template.is_retired:
        _fail("__all__", "This template is retired; notes written from it keep it as it was. Create a new one.")
    values = _template_values(
        template.program,
        name=name,
        session_types=session_types,
        note_format=note_format,
        sections=sections,
        exclude_pk=template.pk,
    )
    for field, value in values.items():
        setattr(template, field, value)
    template.save()
    _audit_template(acting_user, "update", template)
    return template


@transaction.atomic
def note_template_retire(*, acting_user, template: NoteTemplate) -> NoteTemplate:
    """No longer offered when starting a note; notes already written from it still name it."""
    template = NoteTemplate.objects.select_for_update().get(pk=template.pk)
    if template.is_retired:
        _fail("__all__", "This template is already retired.")
    template.retired_at = timezone.now()
    template.save(update_fields=["retired_at", "updated_at"])
    _audit_template(acting_user, "update", template, retired=True)
    return template


def _check_template(template: NoteTemplate, session: Session) -> NoteTemplate:
    template = NoteTemplate.objects.get(pk=template.pk)  # as it is now, not as the page saw it
    if template.program_id != session.program_id:
        _fail("template", "Choose a template of this program.")
    if template.is_retired:
        _fail("template", "This template is retired; choose another or start without one.")
    if session.session_type not in template.session_types:
        _fail(
            "template",
            f"This template is not for {session.get_session_type_display()} sessions; "
            f"it is for: {', '.join(template.session_type_labels)}.",
        )
    return template


# ---- individual and family notes ---------------------------------------------------------------------------


def _attended(session: Session, episode) -> Attendance:
    record = Attendance.objects.filter(session=session, episode=episode).first()
    if record is None or record.status not in ATTENDED:
        recorded = f"recorded as {record.get_status_display().lower()}" if record else "not recorded"
        _fail(
            "episode",
            f"A note needs attendance recorded as attended ({ATTENDED_WORDS}); this patient's is {recorded}.",
        )
    return record


LATE_ATTENDEE_REASON = "Attendance recorded after the group note was signed"


@transaction.atomic
def progress_note_start(
    *, acting_user, session: Session, episode, template: NoteTemplate | None = None
) -> ProgressNote:
    """A draft for one attended individual or family session, prefilled from the session and attendance, and
    from ``template`` if given (one of the program's live templates for the session's type): its format and
    text per section; the note records the template.

    For a group whose group note is already signed, an attendee recorded afterwards gets their own note in the
    group's shape, the shared part prefilled, marked late entry (``LATE_ATTENDEE_REASON``)."""
    if session.session_type in GROUP_TYPES:
        if template is not None:
            _fail("template", "Group sessions are documented in the group note, which takes no note template.")
        group_note = GroupNote.objects.filter(session=session, status=NoteStatus.SIGNED).first()
        if group_note is None:
            _fail("session", "This is a group session: write the group note once for everyone who attended.")
        return _late_attendee_note_start(acting_user, session, episode, group_note)
    if session.status != SessionStatus.SCHEDULED:
        _fail("session", "This session was cancelled; there is nothing to document.")
    if episode.pk != session.episode_id:
        _fail("episode", "This appointment is booked for another patient.")
    record = _attended(session, episode)
    if ProgressNote.objects.filter(session=session, episode=episode).exists():
        _fail("session", "This session already has a note for this patient.")
    if template is not None:
        template = _check_template(template, session)
    program = session.program
    participants = episode.patient.display_name
    if session.family_members:
        participants += f"; family: {session.family_members}"
    note_format = template.note_format if template else settings_for(program).note_format
    prefilled = template.sections if template else {}
    note = ProgressNote.objects.create(
        patient_id=episode.patient_id,
        episode=episode,
        session=session,
        author=acting_user,
        note_format=note_format,
        service_type=session.session_type,
        service_date=session.starts_at.astimezone(ZoneInfo(program.time_zone)).date(),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        duration_minutes=record.attended_minutes or session.length_minutes,
        participants=participants[:300],
        sections={key: prefilled.get(key, "") for key in FORMATS[note_format].section_keys},
        template=template,
    )
    _audit(acting_user, "create", note, session_id=session.pk, template_id=template.pk if template else None)
    return note


def _late_attendee_note_start(acting_user, session: Session, episode, group_note: GroupNote) -> ProgressNote:
    if session.program_id != episode.program_id:
        _fail("episode", "This patient is in another program.")
    record = _attended(session, episode)
    if ProgressNote.objects.filter(session=session, episode=episode).exists():
        _fail("session", "This session already has a note for this patient.")
    shared = {key: getattr(group_note, key) for key in SHARED_KEYS}
    note = ProgressNote.objects.create(
        patient_id=episode.patient_id,
        episode=episode,
        session=session,
        group_note=group_note,
        author=acting_user,
        note_format=GROUP.key,
        service_type=session.session_type,
        service_date=session.starts_at.astimezone(ZoneInfo(session.program.time_zone)).date(),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        duration_minutes=record.attended_minutes or session.length_minutes,
        participants=episode.patient.display_name[:300],
        sections={key: shared.get(key, "") for key in GROUP.section_keys},
        late_entry_reason=LATE_ATTENDEE_REASON,
    )
    _audit(acting_user, "create", note, session_id=session.pk, group_note_id=group_note.pk)
    return note


# A late attendee's note needs what the group note needs; the curriculum and own sections may stay empty.
GROUP_REQUIRED_SECTIONS = ("topic", "interventions", "participation")


def _draft(note: ProgressNote) -> ProgressNote:
    note = ProgressNote.objects.select_for_update().get(pk=note.pk)
    if note.status != NoteStatus.DRAFT:
        _fail("__all__", "This note is signed and locked; add an addendum instead.")
    return note


@transaction.atomic
def progress_note_update(
    *,
    acting_user,
    note: ProgressNote,
    sections: dict[str, str],
    goal_ids=(),
    next_steps: str = "",
    late_entry_reason: str = "",
) -> ProgressNote:
    note = _draft(note)
    if note.author_id != acting_user.pk:
        _fail("__all__", "Only the note's author can edit a draft.")
    allowed = note.format.section_keys
    unknown = set(sections) - set(allowed)
    if unknown:
        _fail(f"section_{sorted(unknown)[0]}", f"Sections of a {note.note_format} note: {', '.join(allowed)}.")
    goal_ids = {int(g) for g in goal_ids}
    in_force = {goal.pk for goal in goals_in_force(episode=note.episode)}
    if goal_ids - in_force:
        _fail("goals", "Choose goals from the treatment plan in force for this episode.")
    if len(late_entry_reason or "") > 300:
        _fail("late_entry_reason", "Keep the late-entry reason under 300 characters.")
    note.sections = {key: (sections.get(key) or "").strip() for key in allowed}
    note.next_steps = (next_steps or "").strip()
    note.late_entry_reason = (late_entry_reason or "").strip()
    note.save(update_fields=["sections", "next_steps", "late_entry_reason", "updated_at"])
    note.goals.set(goal_ids)
    _audit(acting_user, "update", note, goal_ids=sorted(goal_ids))
    return note


def _sign_fields(
    note: ProgressNote, *, acting_user, typed_name: str, method: str, now, late_entry_hours: int, supervisor_id
):
    note.status, note.signed_name, note.signed_at, note.signed_method = NoteStatus.SIGNED, typed_name, now, method
    # Late by the program's policy, or marked late by the writer with a reason.
    note.late_entry = now - note.ends_at > timedelta(hours=late_entry_hours) or bool(note.late_entry_reason)
    note.cosign_supervisor_id = supervisor_id


def _supervisor_id(program_id: int, author) -> int | None:
    return (
        NoteSupervision.objects.filter(program_id=program_id, supervisee=author)
        .values_list("supervisor_id", flat=True)
        .first()
    )


@transaction.atomic
def progress_note_sign(
    *, acting_user, note: ProgressNote, typed_name: str, signature: Signature | None
) -> ProgressNote:
    """Sign and lock. Every section must be written. Late entry is decided here, from the program's policy.
    ``signature`` is the re-authentication proof (accounts.signing.signature_verify); its method is recorded."""
    note = _draft(note)
    if note.author_id != acting_user.pk:
        _fail("__all__", "Only the note's author can sign it.")
    for section in note.format.sections:
        if note.note_format == GROUP.key and section.key not in GROUP_REQUIRED_SECTIONS:
            continue
        if not (note.sections.get(section.key) or "").strip():
            _fail(f"section_{section.key}", f"Write the {section.title} section before signing.")
    record = _attended(note.session, note.episode)
    typed_name = _check_signature(acting_user, typed_name)
    method = signature_method(user=acting_user, signature=signature)
    now = timezone.now()
    policy = settings_for(note.session.program)
    _sign_fields(
        note,
        acting_user=acting_user,
        typed_name=typed_name,
        method=method,
        now=now,
        late_entry_hours=policy.deadline_hours(note.session.session_type),
        supervisor_id=_supervisor_id(note.episode.program_id, acting_user),
    )
    note.save()
    _audit(
        acting_user,
        "update",
        note,
        event="sign",
        late_entry=note.late_entry,
        cosign=note.cosign_supervisor_id is not None,
    )
    for task in Task.objects.filter(
        kind=TaskKind.NOTE_ATTENDANCE_CHANGED, source_type="attendance", source_id=record.pk, status=TaskStatus.OPEN
    ):
        task_complete(acting_user=acting_user, task=task, outcome=f"Note written and signed (note {note.pk}).")
    return note


# ---- attendance changes ------------------------------------------------------------------------------------


@transaction.atomic
def notes_follow_attendance(*, acting_user, session: Session, records: list[Attendance]) -> None:
    """Keep the notes of ``session`` in agreement with its roll call (schedule.services.attendance_record calls
    this in the same transaction). No silent contradictions:

    - a signed note of a patient now recorded not attending gets an addendum flagging it documented in error,
      and its author a task; correcting the roll call back lifts the flag with another addendum;
    - under a draft group note, the attendees' sections follow who attended;
    - after the group note was signed, an attendee added to the roll call gets a task for the group note's
      author: their note can be written from the session's notes page (late entry).
    """
    by_episode = {record.episode_id: record for record in records}
    attended = {episode_id for episode_id, record in by_episode.items() if record.status in ATTENDED}
    group_note = GroupNote.objects.select_for_update().filter(session=session).first()
    if group_note is not None and not group_note.is_signed:
        existing = set(group_note.entries.values_list("episode_id", flat=True))
        gone = (existing & set(by_episode)) - attended
        if gone:
            group_note.entries.filter(episode_id__in=gone).delete()
        added = attended - existing
        GroupNoteEntry.objects.bulk_create(GroupNoteEntry(group_note=group_note, episode_id=e) for e in sorted(added))
        if gone or added:
            patient_ids = [record.episode.patient_id for e, record in by_episode.items() if e in gone | added]
            _audit_group(acting_user, "update", group_note, patient_ids, event="roll_call_changed")
    notes = {
        note.episode_id: note
        for note in ProgressNote.objects.select_for_update()
        .filter(session=session, episode_id__in=list(by_episode))
        .select_related("episode")
    }
    day = timezone.localdate()
    for episode_id, record in by_episode.items():
        note = notes.get(episode_id)
        status = record.get_status_display()
        if note is not None and note.is_signed:
            if episode_id not in attended and note.attendance_flag != AttendanceFlag.DOCUMENTED_IN_ERROR:
                _flag_documented_in_error(acting_user, note, status, day)
            elif episode_id in attended and note.attendance_flag == AttendanceFlag.DOCUMENTED_IN_ERROR:
                _lift_documented_in_error(acting_user, note, status, day)
        elif note is None and group_note is not None and group_note.is_signed:
            if episode_id in attended:
                task_raise(
                    acting_user=acting_user,
                    episode=record.episode,
                    kind=TaskKind.NOTE_ATTENDANCE_CHANGED,
                    title="Write the note of an attendee recorded after the group note was signed",
                    due_on=day + timedelta(days=1),
                    assigned_to=group_note.author,
                    source_type="attendance",
                    source_id=record.pk,
                )
            else:
                task_withdraw_for_source(
                    acting_user=acting_user,
                    source_type="attendance",
                    source_id=record.pk,
                    kind=TaskKind.NOTE_ATTENDANCE_CHANGED,
                    reason=f"Attendance corrected to '{status}': no note is needed.",
                )


def _flag_documented_in_error(acting_user, note: ProgressNote, status: str, day) -> None:
    note.attendance_flag = AttendanceFlag.DOCUMENTED_IN_ERROR
    note.save(update_fields=["attendance_flag", "updated_at"])
    NoteAddendum.objects.create(
        note=note,
        author=acting_user,
        text=(
            f"Documented in error: on {day:%Y-%m-%d} the attendance for this session was changed to '{status}', "
            "after this note was signed. The patient is recorded as not attending; this note does not document "
            "a service. The author reviews it and adds an addendum."
        ),
    )
    task_raise(
        acting_user=acting_user,
        episode=note.episode,
        kind=TaskKind.NOTE_ATTENDANCE_CHANGED,
        title="Review a signed note: the patient is now recorded absent (documented in error)",
        due_on=day + timedelta(days=1),
        assigned_to=note.author,
        source_type="progress_note",
        source_id=note.pk,
    )
    _audit(acting_user, "update", note, event="documented_in_error")


def _lift_documented_in_error(acting_user, note: ProgressNote, status: str, day) -> None:
    note.attendance_flag = ""
    note.save(update_fields=["attendance_flag", "updated_at"])
    NoteAddendum.objects.create(
        note=note,
        author=acting_user,
        text=(
            f"On {day:%Y-%m-%d} the attendance was corrected back to '{status}': the patient attended; "
            "the documented-in-error flag is lifted."
        ),
    )
    task_withdraw_for_source(
        acting_user=acting_user,
        source_type="progress_note",
        source_id=note.pk,
        kind=TaskKind.NOTE_ATTENDANCE_CHANGED,
        reason="Attendance corrected back: the patient attended.",
    )
    _audit(acting_user, "update", note, event="documented_in_error_lifted")


@transaction.atomic
def progress_note_copy_forward(*, acting_user, note: ProgressNote) -> ProgressNote:
    """Copy the plan section of the patient's last signed note (same episode, an earlier session) into this
    draft, replacing its plan text, and remember the source: the editor and the signed note show the marker."""
    note = _draft(note)
    if note.author_id != acting_user.pk:
        _fail("__all__", "Only the note's author can edit a draft.")
    if "plan" not in note.format.section_keys:
        _fail("__all__", f"A {note.format.name} note has no plan section to copy forward.")
    earlier = (
        ProgressNote.objects.filter(episode=note.episode, status=NoteStatus.SIGNED, starts_at__lt=note.starts_at)
        .exclude(pk=note.pk)
        .order_by("-starts_at", "-pk")
    )
    source = next((n for n in earlier[:20] if (n.sections.get("plan") or "").strip()), None)
    if source is None:
        _fail("__all__", "This patient has no earlier signed note with a plan to copy forward.")
    note.sections = {**note.sections, "plan": source.sections["plan"]}
    note.copied_forward_from = source
    note.save(update_fields=["sections", "copied_forward_from", "updated_at"])
    _audit(acting_user, "update", note, event="copy_forward", source_note_id=source.pk)
    return note


@transaction.atomic
def note_addendum_add(*, acting_user, note: ProgressNote, text: str) -> NoteAddendum:
    note = ProgressNote.objects.select_for_update().get(pk=note.pk)
    if not note.is_signed:
        _fail("__all__", "A draft is edited directly; addenda are for signed notes.")
    if not (text or "").strip():
        _fail("text", "Write the addendum.")
    addendum = NoteAddendum.objects.create(note=note, text=text.strip(), author=acting_user)
    _audit(acting_user, "create", note, addendum_id=addendum.pk)
    return addendum


def _awaiting_my_cosign(acting_user, note: ProgressNote) -> ProgressNote:
    note = ProgressNote.objects.select_for_update().get(pk=note.pk)
    if not note.awaiting_cosign:
        _fail("__all__", "This note is not waiting for a co-signature.")
    if note.cosign_supervisor_id != acting_user.pk:
        _fail("__all__", "Only the author's supervisor can co-sign this note.")
    return note


@transaction.atomic
def progress_note_cosign(
    *, acting_user, note: ProgressNote, typed_name: str, signature: Signature | None
) -> ProgressNote:
    note = _awaiting_my_cosign(acting_user, note)
    note.cosigned_name = _check_signature(acting_user, typed_name)
    note.cosigned_method = signature_method(user=acting_user, signature=signature)
    note.cosigned_at = timezone.now()
    note.save(update_fields=["cosigned_name", "cosigned_method", "cosigned_at", "updated_at"])
    _audit(acting_user, "update", note, event="cosign", method=note.cosigned_method)
    return note


@transaction.atomic
def progress_note_cosign_batch(
    *, acting_user, notes: list[ProgressNote], typed_name: str, signature: Signature | None
) -> list[ProgressNote]:
    """Co-sign several notes with one signature (one re-authentication): all or nothing."""
    if not notes:
        _fail("note", "Choose the notes to co-sign.")
    return [
        progress_note_cosign(acting_user=acting_user, note=note, typed_name=typed_name, signature=signature)
        for note in notes
    ]


@transaction.atomic
def progress_note_request_addendum(*, acting_user, note: ProgressNote, comment: str) -> ProgressNote:
    """The supervisor sends the note back: the note stays locked, the author gets a task to add an addendum."""
    note = _awaiting_my_cosign(acting_user, note)
    if not (comment or "").strip():
        _fail("comment", "Say what the addendum should cover.")
    note.addendum_requested_at = timezone.now()
    note.save(update_fields=["addendum_requested_at", "updated_at"])
    NoteAddendum.objects.create(note=note, text=f"Supervisor's request: {comment.strip()}", author=acting_user)
    task_raise(
        acting_user=acting_user,
        episode=note.episode,
        kind=TaskKind.NOTE_ADDENDUM_REQUEST,
        title="Add the addendum your supervisor asked for to a progress note",
        due_on=timezone.localdate() + timedelta(days=2),
        assigned_to=note.author,
        source_type="progress_note",
        source_id=note.pk,
    )
    _audit(acting_user, "update", note, event="addendum_requested")
    return note


# ---- group notes -------------------------------------------------------------------------------------------


def _audit_group(acting_user, action: str, group_note: GroupNote, patient_ids, **detail) -> None:
    audit_record(
        user=acting_user,
        action=action,
        object_type="group_note",
        object_id=group_note.pk,
        detail={"session_id": group_note.session_id, "patient_ids": sorted(patient_ids), **detail},
    )


@transaction.atomic
def group_note_start(*, acting_user, session: Session) -> GroupNote:
    """A draft for a group session: topic from the session, one entry per patient recorded as attended."""
    if session.session_type in APPOINTMENT_TYPES:
        _fail("session", "This is an individual or family appointment: write a progress note instead.")
    if session.status != SessionStatus.SCHEDULED:
        _fail("session", "This session was cancelled; there is nothing to document.")
    if GroupNote.objects.filter(session=session).exists():
        _fail("session", "This session already has a group note.")
    attended = list(
        Attendance.objects.filter(session=session, status__in=ATTENDED).select_related("episode").order_by("pk")
    )
    if not attended:
        _fail("session", f"No one is recorded as attended ({ATTENDED_WORDS}): take the roll call first.")
    group_note = GroupNote.objects.create(session=session, author=acting_user, topic=session.topic)
    GroupNoteEntry.objects.bulk_create(GroupNoteEntry(group_note=group_note, episode=a.episode) for a in attended)
    _audit_group(acting_user, "create", group_note, [a.episode.patient_id for a in attended])
    return group_note


def _entries(group_note: GroupNote) -> list[GroupNoteEntry]:
    return list(group_note.entries.select_related("episode__patient").order_by("episode__patient__legal_last_name"))


@transaction.atomic
def group_note_update(
    *, acting_user, group_note: GroupNote, topic: str, curriculum: str, interventions: str, entries: dict[int, dict]
) -> GroupNote:
    """``entries`` maps episode id → {participation, response, goal_id, individual_note}."""
    group_note = GroupNote.objects.select_for_update().get(pk=group_note.pk)
    if group_note.is_signed:
        _fail("__all__", "This group note is signed and locked; add addenda to each attendee's note.")
    rows = _entries(group_note)
    by_episode = {row.episode_id: row for row in rows}
    unknown = set(entries) - set(by_episode)
    if unknown:
        _fail("__all__", f"Not an attendee of this session: episode {', '.join(map(str, sorted(unknown)))}.")
    if len(topic or "") > 200 or len(curriculum or "") > 200:
        _fail("topic" if len(topic or "") > 200 else "curriculum", "Keep it under 200 characters.")
    goals = goals_in_force_by_episode(episode_ids=list(by_episode))
    for episode_id, values in entries.items():
        participation = values.get("participation") or ""
        if participation and participation not in Participation.values:
            _fail(f"entry_{episode_id}_participation", f"Choose one of: {', '.join(Participation.values)}.")
        goal_id = values.get("goal_id")
        if goal_id and int(goal_id) not in {g.pk for g in goals.get(episode_id, [])}:
            _fail(f"entry_{episode_id}_goal", "Choose a goal from this attendee's treatment plan in force.")
    group_note.topic, group_note.curriculum = (topic or "").strip(), (curriculum or "").strip()
    group_note.interventions = (interventions or "").strip()
    group_note.save(update_fields=["topic", "curriculum", "interventions", "updated_at"])
    for episode_id, values in entries.items():
        row = by_episode[episode_id]
        row.participation = values.get("participation") or ""
        row.response = (values.get("response") or "").strip()
        row.goal_id = int(values["goal_id"]) if values.get("goal_id") else None
        row.individual_note = (values.get("individual_note") or "").strip()
    GroupNoteEntry.objects.bulk_update(rows, ["participation", "response", "goal", "individual_note"])
    _audit_group(acting_user, "update", group_note, [row.episode.patient_id for row in rows])
    return group_note


def _names(patient) -> set[str]:
    return {n.strip() for n in (patient.legal_first_name, patient.legal_last_name, patient.preferred_name) if n.strip()}


def _mentions(text: str, names: set[str]) -> str | None:
    for name in sorted(names):
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE):
            return name
    return None


def _check_no_other_names(group_note: GroupNote, rows: list[GroupNoteEntry]) -> None:
    """The shared part goes into every attendee's chart, so it may name no attendee; an attendee's own
    section may not name any other attendee."""
    everyone = {row.episode_id: _names(row.episode.patient) for row in rows}
    all_names = set().union(*everyone.values())
    for key in SHARED_KEYS:
        if _mentions(getattr(group_note, key), all_names):
            title = next(s.title for s in GROUP.sections if s.key == key)
            _fail(key, f"The shared part ({title}) names an attendee; it goes into every attendee's chart.")
    for row in rows:
        others = set().union(*(names for episode_id, names in everyone.items() if episode_id != row.episode_id))
        others -= everyone[row.episode_id]
        for key in ("response", "individual_note"):
            if _mentions(getattr(row, key), others):
                title = next(s.title for s in GROUP.sections if s.key == key)
                _fail(
                    f"entry_{row.episode_id}_{key}",
                    f"{row.episode.patient.display_name}'s {title} names another attendee; "
                    "each attendee's note may mention only them.",
                )


@transaction.atomic
def group_note_sign(
    *, acting_user, group_note: GroupNote, typed_name: str, signature: Signature | None
) -> list[ProgressNote]:
    """Sign once: each attendee gets a signed ProgressNote with the shared part and their own section only."""
    group_note = GroupNote.objects.select_for_update().select_related("session__program").get(pk=group_note.pk)
    if group_note.is_signed:
        _fail("__all__", "This group note is already signed.")
    session = group_note.session
    rows = _entries(group_note)
    if not group_note.topic:
        _fail("topic", "Give the session's topic before signing.")
    if not group_note.interventions:
        _fail("interventions", "Describe the interventions used before signing.")
    for row in rows:
        if not row.participation:
            _fail(
                f"entry_{row.episode_id}_participation", f"Choose {row.episode.patient.display_name}'s participation."
            )
    _check_no_other_names(group_note, rows)
    if ProgressNote.objects.filter(session=session, episode_id__in=[r.episode_id for r in rows]).exists():
        _fail("__all__", "An attendee already has a note for this session.")
    typed_name = _check_signature(acting_user, typed_name)
    method = signature_method(user=acting_user, signature=signature)
    now = timezone.now()
    policy = settings_for(session.program)
    supervisor_id = _supervisor_id(session.program_id, acting_user)
    minutes = dict(Attendance.objects.filter(session=session).values_list("episode_id", "attended_minutes"))
    local_day = session.starts_at.astimezone(ZoneInfo(session.program.time_zone)).date()
    notes = []
    for row in rows:
        note = ProgressNote(
            patient_id=row.episode.patient_id,
            episode=row.episode,
            session=session,
            group_note=group_note,
            author=acting_user,
            note_format=GROUP.key,
            service_type=session.session_type,
            service_date=local_day,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            duration_minutes=minutes.get(row.episode_id) or session.length_minutes,
            participants=row.episode.patient.display_name,
            sections={
                "topic": group_note.topic,
                "curriculum": group_note.curriculum,
                "interventions": group_note.interventions,
                "participation": row.get_participation_display(),
                "response": row.response,
                "individual_note": row.individual_note,
            },
        )
        _sign_fields(
            note,
            acting_user=acting_user,
            typed_name=typed_name,
            method=method,
            now=now,
            late_entry_hours=policy.deadline_hours(session.session_type),
            supervisor_id=supervisor_id,
        )
        notes.append(note)
    ProgressNote.objects.bulk_create(notes)
    created = {n.episode_id: n for n in ProgressNote.objects.filter(group_note=group_note)}
    ProgressNote.goals.through.objects.bulk_create(
        ProgressNote.goals.through(progressnote_id=created[row.episode_id].pk, goal_id=row.goal_id)
        for row in rows
        if row.goal_id
    )
    group_note.status, group_note.signed_name, group_note.signed_at = NoteStatus.SIGNED, typed_name, now
    group_note.signed_method = method
    group_note.save(update_fields=["status", "signed_name", "signed_at", "signed_method", "updated_at"])
    for note in created.values():
        _audit(acting_user, "update", note, event="sign", group_note_id=group_note.pk, late_entry=note.late_entry)
    _audit_group(acting_user, "update", group_note, [row.episode.patient_id for row in rows], event="sign")
    return list(created.values())


# ---- SUD counselling notes (42 CFR 2.11) -------------------------------------------------------------------


def _audit_counselling(acting_user, action: str, note: CounsellingNote, **detail) -> None:
    audit_record(
        user=acting_user,
        action=action,
        object_type="counselling_note",
        object_id=note.pk,
        patient_id=note.patient_id,
        detail=detail,
    )


@transaction.atomic
def counselling_note_write(*, acting_user, session: Session, episode, text: str) -> CounsellingNote:
    """A draft counselling note for a counselling session the patient attended (individual, family or group
    therapy); one per session, patient and author."""
    if session.session_type not in COUNSELLING_TYPES:
        labels = ", ".join(SessionType(t).label.lower() for t in sorted(COUNSELLING_TYPES))
        _fail("session", f"Counselling notes are for counselling sessions: {labels}.")
    if session.program_id != episode.program_id:
        _fail("session", "That session belongs to another program.")
    _attended(session, episode)
    if CounsellingNote.objects.filter(session=session, episode=episode, author=acting_user).exists():
        _fail("session", "You already have a counselling note for this session; open it from the Notes tab.")
    zone = ZoneInfo(session.program.time_zone)
    note = CounsellingNote.objects.create(
        patient_id=episode.patient_id,
        episode=episode,
        session=session,
        author=acting_user,
        service_date=session.starts_at.astimezone(zone).date(),
        text=(text or "").strip(),
    )
    _audit_counselling(acting_user, "create", note, session_id=session.pk)
    return note


def _my_draft(acting_user, note: CounsellingNote) -> CounsellingNote:
    note = CounsellingNote.objects.select_for_update().get(pk=note.pk)
    if note.author_id != acting_user.pk:
        _fail("__all__", "Only the author edits or signs a counselling note.")
    if note.is_signed:
        _fail("__all__", "This counselling note is signed and locked.")
    return note


@transaction.atomic
def counselling_note_update(*, acting_user, note: CounsellingNote, text: str) -> CounsellingNote:
    note = _my_draft(acting_user, note)
    note.text = (text or "").strip()
    note.save(update_fields=["text", "updated_at"])
    _audit_counselling(acting_user, "update", note)
    return note


@transaction.atomic
def counselling_note_sign(
    *, acting_user, note: CounsellingNote, text: str, typed_name: str, signature: Signature | None
) -> CounsellingNote:
    """Save the text and sign: the note is locked from then on."""
    note = _my_draft(acting_user, note)
    text = (text or "").strip()
    if len(text) < 20:
        _fail("text", "Write the note (at least 20 characters) before signing.")
    note.text = text
    note.signed_name = _check_signature(acting_user, typed_name)
    note.signed_method = signature_method(user=acting_user, signature=signature)
    note.status, note.signed_at = NoteStatus.SIGNED, timezone.now()
    note.save()
    _audit_counselling(acting_user, "update", note, event="signed")
    return note
