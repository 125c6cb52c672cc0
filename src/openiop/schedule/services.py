"""Calendar and attendance writes. Each validates everything first, then writes and audits in one transaction."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import WEEKLY, rrule, weekday
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from openiop.accounts.roles import CLINICAL_ROLES
from openiop.audit.services import audit_record
from openiop.episodes.models import IN_TREATMENT_STATUSES, Episode
from openiop.notes.services import notes_follow_attendance
from openiop.tasks.models import TaskKind, TaskPriority
from openiop.tasks.services import task_raise, task_withdraw_for_source

from .expected import expected_at, placement_timelines, track_ids_of
from .models import (
    APPOINTMENT_TYPES,
    ATTENDED,
    GROUP_TYPES,
    WEEKDAYS,
    Attendance,
    AttendanceStatus,
    Session,
    SessionSeries,
    SessionStatus,
    SessionType,
)
from .selectors import roster

# How far ahead a series is laid out as sessions; later weeks are added by extending the series.
SERIES_WEEKS_AHEAD = 26


def _fail(field: str, message: str):
    raise ValidationError({field: message})


def _weekday_numbers(weekdays: list[str]) -> list[int]:
    unknown = [day for day in weekdays if day not in WEEKDAYS]
    if not weekdays or unknown:
        _fail("weekdays", f"Choose days from {', '.join(WEEKDAYS)}; got {', '.join(weekdays) or 'none'}.")
    return sorted(WEEKDAYS.index(day) for day in set(weekdays))


def occurrence_times(
    *, weekdays: list[str], start_time: time, duration_minutes: int, starts_on: date, until: date, time_zone: str
) -> list[tuple[datetime, datetime]]:
    """Start and end of each occurrence, at the same wall-clock time in the program's zone (DST included)."""
    zone = ZoneInfo(time_zone)
    days = rrule(
        WEEKLY,
        dtstart=datetime.combine(starts_on, time()),
        until=datetime.combine(until, time()),
        byweekday=[weekday(n) for n in _weekday_numbers(weekdays)],
    )
    times = []
    for day in days:
        start = datetime.combine(day.date(), start_time, tzinfo=zone)
        times.append((start, start + timedelta(minutes=duration_minutes)))
    return times


def _overlapping(starts_at, ends_at):
    return Session.objects.filter(status=SessionStatus.SCHEDULED, starts_at__lt=ends_at, ends_at__gt=starts_at)


def _check_conflicts(slots, *, facilitators, room, exclude_ids=()) -> None:
    """Refuse double-booked facilitators or rooms, naming the first clash of each."""
    if not slots:
        return
    first, last = min(s for s, _ in slots), max(e for _, e in slots)
    busy = list(
        Session.objects.filter(status=SessionStatus.SCHEDULED, starts_at__lt=last, ends_at__gt=first)
        .filter(Q(facilitators__in=facilitators) | Q(room=room) if room else Q(facilitators__in=facilitators))
        .exclude(pk__in=exclude_ids)
        .prefetch_related("facilitators")
        .distinct()
    )
    facilitator_ids = {f.pk for f in facilitators}
    for start, end in slots:
        for other in busy:
            if other.starts_at < end and other.ends_at > start:
                clash = facilitator_ids & {f.pk for f in other.facilitators.all()}
                if clash:
                    name = next(f.display_name for f in facilitators if f.pk in clash)
                    _fail(
                        "facilitators",
                        f"{name} already facilitates '{other.title}' at "
                        f"{other.starts_at.astimezone(start.tzinfo):%Y-%m-%d %H:%M}.",
                    )
                if room is not None and other.room_id == room.pk:
                    _fail(
                        "room",
                        f"{room.name} is booked for '{other.title}' at "
                        f"{other.starts_at.astimezone(start.tzinfo):%Y-%m-%d %H:%M}.",
                    )


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%a %Y-%m-%d %H:%M}"


def _check_patient_overlaps(slots, *, program, track=None, episode=None, field: str, exclude_ids=()) -> None:
    """Refuse a booking that puts a patient in two sessions at once.

    For a track's session: another session of the track, or an appointment booked for a patient of the track.
    For one patient's appointment: any session that patient is expected at (``expected.expected_at``).
    """
    if not slots:
        return
    zone = ZoneInfo(program.time_zone)
    first, last = min(s for s, _ in slots), max(e for _, e in slots)
    busy = Session.objects.filter(status=SessionStatus.SCHEDULED, starts_at__lt=last, ends_at__gt=first).exclude(
        pk__in=exclude_ids
    )
    if track is not None:
        busy = busy.filter(
            Q(track=track) | Q(episode__track=track, episode__status__in=IN_TREATMENT_STATUSES)
        ).select_related("episode__patient")
        for start, end in slots:
            for other in busy:
                if other.starts_at < end and other.ends_at > start:
                    who = (
                        f"{other.episode.patient.display_name} (of this track) has"
                        if other.episode_id
                        else "This track's patients have"
                    )
                    _fail(field, f"{who} '{other.title}' at {_local(other.starts_at, zone)}; the times overlap.")
        return
    timeline = placement_timelines([episode.pk]).get(episode.pk, [])
    candidates = list(busy.filter(Q(episode=episode) | Q(track_id__in=track_ids_of(episode, timeline))))
    for start, end in slots:
        for other in candidates:
            day = other.starts_at.astimezone(zone).date()
            if other.starts_at < end and other.ends_at > start and expected_at(episode, other, day, timeline):
                _fail(
                    field,
                    f"The patient is expected at '{other.title}' at {_local(other.starts_at, zone)}; "
                    "the times overlap.",
                )


@transaction.atomic
def series_create(
    *,
    acting_user,
    program,
    track,
    session_type: str,
    title: str,
    weekdays: list[str],
    start_time: time,
    duration_minutes: int,
    starts_on: date,
    ends_on: date | None,
    facilitators,
    capacity: int,
    room=None,
    telehealth_url: str = "",
) -> SessionSeries:
    if track is not None and track.program_id != program.pk:
        _fail("track", f"Track '{track.name}' belongs to another program.")
    if session_type not in GROUP_TYPES:
        labels = ", ".join(str(label) for value, label in SessionType.choices if value in GROUP_TYPES)
        _fail("session_type", f"A recurring group is one of: {labels}. Book individual sessions as appointments.")
    if not (title or "").strip():
        _fail("title", "Give the group a title (e.g. Relapse prevention).")
    if not 15 <= duration_minutes <= 12 * 60:
        _fail("duration_minutes", "A session lasts between 15 minutes and 12 hours.")
    if ends_on is not None and ends_on < starts_on:
        _fail("ends_on", "The series cannot end before it starts.")
    if room is None and not telehealth_url:
        _fail("room", "Choose a room or give a telehealth link.")
    if room is not None and (room.program_id != program.pk or capacity > room.capacity):
        _fail("capacity", f"{room.name} holds {room.capacity}; the capacity cannot be larger.")
    facilitators = list(facilitators)
    if not facilitators or any(f.role not in CLINICAL_ROLES or program.pk not in f.program_ids for f in facilitators):
        _fail("facilitators", f"Choose one or more clinical staff of {program.name}.")
    until = ends_on or starts_on + timedelta(weeks=SERIES_WEEKS_AHEAD)
    slots = occurrence_times(
        weekdays=weekdays,
        start_time=start_time,
        duration_minutes=duration_minutes,
        starts_on=starts_on,
        until=until,
        time_zone=program.time_zone,
    )
    _check_conflicts(slots, facilitators=facilitators, room=room)
    if track is not None:
        _check_patient_overlaps(slots, program=program, track=track, field="start_time")
    series = SessionSeries.objects.create(
        program=program,
        track=track,
        session_type=session_type,
        title=title,
        weekdays=",".join(weekdays),
        start_time=start_time,
        duration_minutes=duration_minutes,
        starts_on=starts_on,
        ends_on=ends_on,
        room=room,
        telehealth_url=telehealth_url,
        capacity=capacity,
    )
    series.facilitators.set(facilitators)
    sessions = Session.objects.bulk_create(
        [
            Session(
                series=series,
                program=program,
                track=track,
                session_type=session_type,
                title=title,
                starts_at=start,
                ends_at=end,
                room=room,
                telehealth_url=telehealth_url,
                capacity=capacity,
            )
            for start, end in slots
        ]
    )
    Session.facilitators.through.objects.bulk_create(
        [Session.facilitators.through(session_id=s.pk, user_id=f.pk) for s in sessions for f in facilitators]
    )
    audit_record(
        user=acting_user,
        action="create",
        object_type="session_series",
        object_id=series.pk,
        detail={"program_id": program.pk, "sessions": len(sessions)},
    )
    return series


@transaction.atomic
def appointment_book(
    *,
    acting_user,
    episode: Episode,
    session_type: str,
    starts_at: datetime,
    duration_minutes: int,
    facilitators,
    room=None,
    telehealth_url: str = "",
    family_members: str = "",
    title: str = "",
) -> Session:
    """An individual, family or medication visit for one patient (and family members, by name)."""
    program = episode.program
    if episode.status not in IN_TREATMENT_STATUSES:
        _fail("__all__", f"Appointments are for patients in treatment; this episode is {episode.get_status_display()}.")
    if session_type not in APPOINTMENT_TYPES:
        labels = ", ".join(str(label) for value, label in SessionType.choices if value in APPOINTMENT_TYPES)
        _fail("session_type", f"Choose one of: {labels}.")
    family_members = (family_members or "").strip()
    if session_type == SessionType.FAMILY_THERAPY and not family_members:
        _fail("family_members", "Name the family members invited (e.g. 'mother, partner').")
    if starts_at is None or starts_at.tzinfo is None:
        _fail("starts_at", "Give the date and time.")
    if not 15 <= (duration_minutes or 0) <= 4 * 60:
        _fail("duration_minutes", "An appointment lasts between 15 minutes and 4 hours.")
    if room is None and not telehealth_url:
        _fail("room", "Choose a room or give a telehealth link.")
    if room is not None and room.program_id != program.pk:
        _fail("room", f"{room.name} is not a room of {program.name}.")
    facilitators = list(facilitators)
    if not facilitators or any(f.role not in CLINICAL_ROLES or program.pk not in f.program_ids for f in facilitators):
        _fail("facilitators", f"Choose one or more clinical staff of {program.name}.")
    ends_at = starts_at + timedelta(minutes=duration_minutes)
    slots = [(starts_at, ends_at)]
    _check_conflicts(slots, facilitators=facilitators, room=room)
    _check_patient_overlaps(slots, program=program, episode=episode, field="starts_at")
    session = Session.objects.create(
        program=program,
        episode=episode,
        session_type=session_type,
        title=(title or "").strip() or SessionType(session_type).label,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        telehealth_url=telehealth_url,
        capacity=1,
        family_members=family_members,
    )
    session.facilitators.set(facilitators)
    audit_record(
        user=acting_user,
        action="create",
        object_type="session",
        object_id=session.pk,
        patient_id=episode.patient_id,
        detail={"event": "appointment_booked", "session_type": session_type},
    )
    return session


@transaction.atomic
def session_set_topic(*, acting_user, session: Session, topic: str) -> Session:
    """The curriculum topic of one occurrence (e.g. 'Coping with cravings'); the series keeps its title."""
    topic = (topic or "").strip()
    if len(topic) > 200:
        _fail("topic", "Keep the topic under 200 characters.")
    session.topic = topic
    session.save(update_fields=["topic", "updated_at"])
    audit_record(
        user=acting_user, action="update", object_type="session", object_id=session.pk, detail={"event": "topic"}
    )
    return session


@transaction.atomic
def session_cancel(*, acting_user, session: Session, reason: str) -> Session:
    """Cancel one occurrence; the rest of the series is untouched."""
    if not (reason or "").strip():
        _fail("reason", "Say why the session is cancelled.")
    if session.attendance.exists():
        _fail("__all__", "Attendance is already recorded for this session; it cannot be cancelled.")
    session.status, session.status_reason = SessionStatus.CANCELLED, reason.strip()
    session.save(update_fields=["status", "status_reason", "updated_at"])
    audit_record(
        user=acting_user, action="update", object_type="session", object_id=session.pk, detail={"event": "cancelled"}
    )
    return session


@transaction.atomic
def session_move(*, acting_user, session: Session, starts_at: datetime, room=None) -> Session:
    """Move one occurrence (same length); conflicts are checked as for a new booking."""
    if starts_at.tzinfo is None:
        _fail("starts_at", "Give the time with its time zone.")
    if session.status != SessionStatus.SCHEDULED:
        _fail("__all__", "This session was cancelled; book a new one instead.")
    if session.attendance.exists():
        _fail("__all__", "Attendance is already recorded for this session; it cannot be moved.")
    ends_at = starts_at + (session.ends_at - session.starts_at)
    room = room or session.room
    slots = [(starts_at, ends_at)]
    _check_conflicts(slots, facilitators=list(session.facilitators.all()), room=room, exclude_ids=[session.pk])
    if session.episode_id:
        _check_patient_overlaps(
            slots, program=session.program, episode=session.episode, field="starts_at", exclude_ids=[session.pk]
        )
    elif session.track_id:
        _check_patient_overlaps(
            slots, program=session.program, track=session.track, field="starts_at", exclude_ids=[session.pk]
        )
    session.starts_at, session.ends_at, session.room = starts_at, ends_at, room
    session.save(update_fields=["starts_at", "ends_at", "room", "updated_at"])
    audit_record(
        user=acting_user, action="update", object_type="session", object_id=session.pk, detail={"event": "moved"}
    )
    return session


@transaction.atomic
def attendance_record(*, acting_user, session: Session, entries: dict[int, tuple[str, int | None]]) -> list[Attendance]:
    """The roll call: ``entries`` maps episode id → (status, attended minutes). All or nothing.

    Present and telehealth default to the whole session; late and left early need the minutes attended.
    """
    if session.status != SessionStatus.SCHEDULED:
        _fail("__all__", "This session was cancelled; there is no roll call.")
    expected = {episode.pk: episode for episode in roster(session=session)}
    unknown = set(entries) - set(expected)
    if unknown:
        _fail("__all__", f"Not on this session's roster: episode {', '.join(map(str, sorted(unknown)))}.")
    attended = sum(1 for status, _ in entries.values() if status in ATTENDED)
    if attended > session.capacity:
        _fail("__all__", f"{attended} attended but the session holds {session.capacity}.")
    length = session.length_minutes
    rows = []
    for episode_id, (status, minutes) in sorted(entries.items()):
        field = f"minutes_{episode_id}"
        if status not in AttendanceStatus.values:
            _fail(f"status_{episode_id}", f"Choose one of: {', '.join(AttendanceStatus.values)}.")
        if status in ATTENDED:
            minutes = (
                length
                if minutes is None and status in (AttendanceStatus.PRESENT, AttendanceStatus.TELEHEALTH)
                else minutes
            )
            if minutes is None:
                _fail(field, "Give the minutes attended (late or left early).")
            if not 0 < minutes <= length:
                _fail(field, f"Minutes attended must be between 1 and {length}, the length of the session.")
        else:
            minutes = None
        rows.append((episode_id, status, minutes))
    records = []
    for episode_id, status, minutes in rows:
        record, _ = Attendance.objects.update_or_create(
            session=session,
            episode_id=episode_id,
            defaults={"status": status, "attended_minutes": minutes, "recorded_by": acting_user},
        )
        audit_record(
            user=acting_user,
            action="update",
            object_type="attendance",
            object_id=record.pk,
            patient_id=expected[episode_id].patient_id,
            detail={"session_id": session.pk, "status": status},
        )
        records.append(record)
    _follow_up_absences(acting_user=acting_user, session=session, records=records, episodes=expected)
    notes_follow_attendance(acting_user=acting_user, session=session, records=records)
    return records


def _follow_up_absences(*, acting_user, session: Session, records: list[Attendance], episodes: dict) -> None:
    """An unexcused absence asks the primary clinician to reach the patient; two in a row are urgent.

    "In a row" means adjacent recorded sessions of the patient, whichever roll call is entered first, so the
    pair is checked both ways. The urgent task hangs on the later absence of the pair. Correcting an absence
    (to excused or attended) withdraws its own tasks and the urgent one it made with the next session.
    """
    due_on = session.starts_at.astimezone(ZoneInfo(session.program.time_zone)).date() + timedelta(days=1)
    neighbours = _neighbours(session=session, episode_ids=[r.episode_id for r in records])
    unexcused = AttendanceStatus.ABSENT_UNEXCUSED
    for record in records:
        before, after = neighbours.get(record.episode_id, (None, None))
        if record.status != unexcused:
            task_withdraw_for_source(
                acting_user=acting_user,
                source_type="attendance",
                source_id=record.pk,
                reason=f"Attendance corrected to '{record.get_status_display()}'.",
            )
            if after is not None:
                task_withdraw_for_source(
                    acting_user=acting_user,
                    source_type="attendance",
                    source_id=after[0],
                    kind=TaskKind.ATTENDANCE_ALERT,
                    reason="The earlier absence was corrected; they are no longer two in a row.",
                )
            continue
        episode = episodes[record.episode_id]
        assignee = episode.primary_clinician or acting_user
        task_raise(
            acting_user=acting_user,
            episode=episode,
            kind=TaskKind.ATTENDANCE_FOLLOW_UP,
            title=f"Reach the patient: missed '{session.title}' without notice",
            due_on=due_on,
            assigned_to=assignee,
            source_type="attendance",
            source_id=record.pk,
        )
        later = record.pk if before is not None and before[1] == unexcused else None
        if later is None and after is not None and after[1] == unexcused:
            later = after[0]
        if later is not None:
            task_raise(
                acting_user=acting_user,
                episode=episode,
                kind=TaskKind.ATTENDANCE_ALERT,
                priority=TaskPriority.URGENT,
                title="Two unexcused absences in a row: review engagement and safety",
                due_on=due_on - timedelta(days=1),
                assigned_to=assignee,
                source_type="attendance",
                source_id=later,
            )


# Sessions further apart than this are not "in a row" (e.g. across a leave of absence).
IN_A_ROW_WITHIN = timedelta(days=21)


def _neighbours(*, session: Session, episode_ids: list[int]) -> dict[int, tuple]:
    """Each episode's recorded attendance just before and just after ``session``, as (attendance id, status)
    or None: one query over the three weeks either side."""
    rows = (
        Attendance.objects.filter(
            episode_id__in=episode_ids,
            session__status=SessionStatus.SCHEDULED,
            session__starts_at__gte=session.starts_at - IN_A_ROW_WITHIN,
            session__starts_at__lte=session.starts_at + IN_A_ROW_WITHIN,
        )
        .exclude(session=session)
        .order_by("session__starts_at", "pk")
        .values_list("episode_id", "pk", "status", "session__starts_at")
    )
    found: dict[int, list] = {}
    for episode_id, attendance_id, status, starts_at in rows:
        pair = found.setdefault(episode_id, [None, None])
        if starts_at < session.starts_at:
            pair[0] = (attendance_id, status)
        elif pair[1] is None:
            pair[1] = (attendance_id, status)
    return {episode_id: (before, after) for episode_id, (before, after) in found.items()}
