"""Reads the notes pages share. Each list costs a fixed number of queries whatever the number of rows."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q
from django.utils import timezone

from openiop.plans.models import Goal, PlanStatus
from openiop.privacy.policy import visible_through
from openiop.schedule.models import ATTENDED, GROUP_TYPES, Attendance, SessionStatus
from openiop.schedule.selectors import shown_on_roster

from .formats import DEFAULT_FORMAT, GROUP_LATE_ENTRY_HOURS_DEFAULT, LATE_ENTRY_HOURS_DEFAULT
from .models import (
    COUNSELLING_TYPES,
    CounsellingNote,
    GroupNote,
    NoteAddendum,
    NoteSettings,
    NoteStatus,
    NoteTemplate,
    ProgressNote,
)


def settings_for(program) -> NoteSettings:
    """The program's note settings, or the defaults (unsaved) if a director never changed them."""
    found = NoteSettings.objects.filter(program=program).first()
    return found or _default_settings(program.pk)


def _default_settings(program_id: int) -> NoteSettings:
    return NoteSettings(
        program_id=program_id,
        note_format=DEFAULT_FORMAT,
        late_entry_hours=LATE_ENTRY_HOURS_DEFAULT,
        group_late_entry_hours=GROUP_LATE_ENTRY_HOURS_DEFAULT,
    )


def note_templates(*, program) -> list[NoteTemplate]:
    """The program's note templates for the settings page: live ones by name, then retired ones. One query."""
    return list(NoteTemplate.objects.filter(program=program).order_by(F("retired_at").asc(nulls_first=True), "name"))


def templates_for_session(*, session) -> list[NoteTemplate]:
    """The live templates of the session's program offered for its type, by name. One query (the session types
    are a JSON list, matched here rather than with a lookup SQLite lacks; a program has a handful)."""
    live = NoteTemplate.objects.filter(program_id=session.program_id, retired_at__isnull=True).order_by("name")
    return [template for template in live if session.session_type in template.session_types]


def _goals_in_force():
    return Goal.objects.filter(problem__plan__status=PlanStatus.SIGNED).select_related("problem__plan")


def goals_in_force(*, episode) -> list[Goal]:
    """Goals of the episode's treatment plan in force (signed), in plan order. One query."""
    return list(
        _goals_in_force().filter(problem__plan__episode=episode).order_by("problem__position", "position", "pk")
    )


def goals_in_force_by_episode(*, episode_ids) -> dict[int, list[Goal]]:
    """Goals in force per episode, for many episodes in one query."""
    goals = defaultdict(list)
    for goal in (
        _goals_in_force()
        .filter(problem__plan__episode_id__in=list(episode_ids))
        .order_by("problem__position", "position", "pk")
    ):
        goals[goal.problem.plan.episode_id].append(goal)
    return dict(goals)


def _readable_notes(user):
    from openiop.privacy.models import RecordCategory
    from openiop.privacy.policy import records_q

    return records_q(user, RecordCategory.NOTES)


def patient_notes(*, patient, user) -> list[ProgressNote]:
    """The patient's notes (drafts and signed) the user may read (privacy.policy.records_q: written in the
    user's programs, or moved to them with the patient's care), with authors, goals and addenda."""
    return list(
        ProgressNote.objects.filter(_readable_notes(user), patient=patient)
        .select_related("author", "session", "cosign_supervisor")
        .prefetch_related("goals", Prefetch("addenda", queryset=NoteAddendum.objects.select_related("author")))
    )


def note_detail(*, note_id: int, patient, user) -> ProgressNote | None:
    return (
        ProgressNote.objects.filter(_readable_notes(user), pk=note_id, patient=patient)
        .select_related("author", "session__program", "episode__program", "cosign_supervisor", "group_note", "template")
        .prefetch_related("goals", Prefetch("addenda", queryset=NoteAddendum.objects.select_related("author")))
        .first()
    )


@dataclass(frozen=True)
class ToWrite:
    """One row of the notes-to-write list: a draft, or an attended session without a note."""

    kind: str  # "draft", "group_draft", "missing", "group_missing"
    session: object
    local_day: date
    age_days: int
    author: object
    patient: object = None
    note: object = None
    group_note: object = None
    attendee_count: int = 0
    due_at: object = None  # the program's documentation deadline for this session's note
    overdue: bool = False


def _local_day(moment, zone_name: str) -> date:
    return moment.astimezone(ZoneInfo(zone_name)).date()


def notes_to_write(*, user, everyone: bool = False) -> list[ToWrite]:
    """Drafts and attended sessions without a note, oldest first: the user's own (as author or facilitator),
    or (``everyone``) everybody's in the user's programs, each marked overdue once the program's documentation
    deadline (NoteSettings.deadline_hours: group or individual) has passed since the session ended. Four queries.

    A row naming a patient shows only if the access policy shows the user that patient: the note is written on
    the patient's chart, which the user could not open. A group's row names no one (it counts attendees); its
    session page shows the facilitators the whole roster (schedule.selectors.shown_on_roster)."""
    programs = user.program_ids
    now = timezone.now()
    drafts = ProgressNote.objects.filter(
        visible_through(user), status=NoteStatus.DRAFT, episode__program_id__in=programs
    )
    group_drafts = GroupNote.objects.filter(status=NoteStatus.DRAFT, session__program_id__in=programs)
    has_note = ProgressNote.objects.filter(session=OuterRef("session"), episode=OuterRef("episode"))
    # A draft group note lists its attendees itself; after it is signed, an attendee recorded later still needs
    # their own note (notes.services.notes_follow_attendance).
    has_group_note = GroupNote.objects.filter(session=OuterRef("session"), status=NoteStatus.DRAFT)
    missing = Attendance.objects.filter(
        status__in=ATTENDED,
        session__program_id__in=programs,
        session__status=SessionStatus.SCHEDULED,
        session__ends_at__lte=now,
    ).filter(~Exists(has_note), ~Exists(has_group_note))
    # Group rows count their attendees; an individual row names its patient.
    missing = missing.filter(Q(session__session_type__in=GROUP_TYPES) | visible_through(user, "episode__patient"))
    if not everyone:
        drafts = drafts.filter(author=user)
        group_drafts = group_drafts.filter(author=user)
        missing = missing.filter(Q(session__facilitators=user))
    rows = []
    for note in drafts.select_related("patient", "author", "session__program"):
        day = _local_day(note.session.starts_at, note.session.program.time_zone)
        rows.append(ToWrite("draft", note.session, day, 0, note.author, patient=note.patient, note=note))
    for group_note in group_drafts.select_related("author", "session__program"):
        session = group_note.session
        day = _local_day(session.starts_at, session.program.time_zone)
        rows.append(ToWrite("group_draft", session, day, 0, group_note.author, group_note=group_note))
    groups: dict[int, list] = {}
    for record in missing.select_related("session__program", "episode__patient").distinct():
        session = record.session
        if session.session_type in GROUP_TYPES:
            groups.setdefault(session.pk, []).append(record)
            continue
        day = _local_day(session.starts_at, session.program.time_zone)
        rows.append(ToWrite("missing", session, day, 0, None, patient=record.episode.patient))
    for records in groups.values():
        session = records[0].session
        day = _local_day(session.starts_at, session.program.time_zone)
        rows.append(ToWrite("group_missing", session, day, 0, None, attendee_count=len(records)))
    today = timezone.localdate()
    policies = {s.program_id: s for s in NoteSettings.objects.filter(program_id__in=programs)}

    def dated(row: ToWrite) -> ToWrite:
        session = row.session
        policy = policies.get(session.program_id) or _default_settings(session.program_id)
        due_at = session.ends_at + timedelta(hours=policy.deadline_hours(session.session_type))
        return ToWrite(
            **{**row.__dict__, "age_days": (today - row.local_day).days, "due_at": due_at, "overdue": now > due_at}
        )

    return sorted(
        (dated(row) for row in rows),
        key=lambda row: (row.local_day, row.session.starts_at, row.kind),
    )


def cosign_queue(*, user) -> list[ProgressNote]:
    """Signed notes waiting for this supervisor's co-signature, of patients the access policy shows them,
    oldest first. One query."""
    return list(
        ProgressNote.objects.filter(
            visible_through(user),
            status=NoteStatus.SIGNED,
            cosign_supervisor=user,
            cosigned_at__isnull=True,
            episode__program_id__in=user.program_ids,
        )
        .select_related("patient", "author", "session")
        .order_by("signed_at", "pk")
    )


def session_attendees(*, session, user) -> list[Attendance]:
    """Everyone recorded at the session whom ``user`` may see on its roster (all of them for its facilitators:
    schedule.selectors.shown_on_roster), with their patient and whether a note already exists. One query."""
    return list(
        Attendance.objects.filter(shown_on_roster(user, session_id=session.pk, patient_field="episode__patient"))
        .filter(session=session)
        .select_related("episode__patient")
        .annotate(has_note=Exists(ProgressNote.objects.filter(session=session, episode=OuterRef("episode"))))
        .order_by("episode__patient__legal_last_name", "pk")
    )


def counselling_notes_on_chart(*, patient, episode_ids, user) -> list[CounsellingNote]:
    """The patient's SUD counselling notes, each marked ``readable`` for this user (author or supervisor). The
    text is not loaded: the tab lists them; only the note's own page, after the check, reads it. One query."""
    from openiop.privacy.policy import counselling_note_readers_q

    return list(
        CounsellingNote.objects.filter(patient=patient, episode_id__in=episode_ids)
        .annotate(readable=ExpressionWrapper(counselling_note_readers_q(user), output_field=BooleanField()))
        .select_related("author")
        .defer("text")
    )


def counselling_sessions_attended(*, episode_ids, days: int = 90) -> list[Attendance]:
    """Counselling sessions the patient attended in the last ``days`` days, newest first, for a new note."""
    since = timezone.now() - timedelta(days=days)
    return list(
        Attendance.objects.filter(
            episode_id__in=episode_ids,
            status__in=ATTENDED,
            session__session_type__in=COUNSELLING_TYPES,
            session__starts_at__gte=since,
            session__starts_at__lte=timezone.now(),
        )
        .select_related("session__program", "episode")
        .order_by("-session__starts_at")
    )
