import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, OuterRef, Q

from openiop.episodes.models import Episode, EpisodeStatus
from openiop.privacy.policy import visible_through

from .expected import expected_at, placement_timelines, track_ids_of
from .hours import ServiceSegment, weekly_hours
from .models import ATTENDED, Attendance, Session, SessionStatus


def facilitates(user, session_id) -> Q:
    """The user leads the session (``session_id``: an id or an OuterRef). A subquery, so it adds no query."""
    return Q(Exists(Session.facilitators.through.objects.filter(session_id=session_id, user_id=user.pk)))


def shown_on_roster(user, *, session_id, patient_field: str = "patient") -> Q:
    """Whom of a session's people the user may see: those the access policy shows them — and, to the session's
    facilitators, everyone: they are in the room and take the attendance, so a restricted patient (or, for peer
    support leading an alumni group, anyone) in their group is on their roster. Everywhere else (other users'
    rosters and lists) the policy alone decides."""
    return visible_through(user, patient_field) | facilitates(user, session_id)


def sessions_shown_to(user) -> Q:
    """Sessions a user may see in the calendars of their programs: every group (its page names no patient;
    its roster is filtered by ``shown_on_roster``), and an appointment, which names its one patient, only if
    the user facilitates it or the access policy shows them the patient."""
    return Q(episode__isnull=True) | facilitates(user, OuterRef("pk")) | visible_through(user, "episode__patient")


def roster_shown_to(*, session: Session, user) -> list[Episode]:
    """The roster as ``user`` may see it (``shown_on_roster``): what the roll call and sign-in sheet show."""
    return _roster(session, shown=shown_on_roster(user, session_id=session.pk))


def roster(*, session: Session) -> list[Episode]:
    """Who is expected (``expected.expected_at``: the booked patient, or the patients placed in the session's
    track on its date, in treatment that day, whose phase includes its weekday), plus anyone whose attendance
    is already recorded. Dates decide, not today's status: a patient discharged on Wednesday is still on
    Tuesday's roster. The whole roster, for the services; pages show ``roster_shown_to``."""
    return _roster(session, shown=Q())


def _roster(session: Session, *, shown: Q) -> list[Episode]:
    day = session.starts_at.astimezone(ZoneInfo(session.program.time_zone)).date()
    wanted = Q(attendance__session=session)
    if session.episode_id:
        wanted |= Q(pk=session.episode_id)
    if session.track_id:
        wanted |= (
            (Q(track_id=session.track_id) | Q(level_history__track_id=session.track_id))
            & Q(admitted_on__lte=day)
            & (Q(discharged_on__isnull=True) | Q(discharged_on__gte=day))
            & ~Q(status=EpisodeStatus.CANCELLED)
        )
    episodes = list(
        Episode.objects.filter(wanted)
        .filter(shown)
        .select_related("patient", "primary_clinician")
        .distinct()
        .order_by("patient__legal_last_name", "pk")
    )
    recorded = set(Attendance.objects.filter(session=session).values_list("episode_id", flat=True))
    timelines = placement_timelines(e.pk for e in episodes)
    return [e for e in episodes if e.pk in recorded or expected_at(e, session, day, timelines.get(e.pk, []))]


def _segments(episode, sessions, attendance_by_key, zone, timeline) -> list[ServiceSegment]:
    segments = []
    for session in sessions:
        record = attendance_by_key.get((session.pk, episode.pk))
        if record is None and not expected_at(episode, session, session.starts_at.astimezone(zone).date(), timeline):
            continue
        if session.status == SessionStatus.CANCELLED:
            status, minutes = "cancelled", None
        elif record is None:
            status, minutes = "scheduled", None
        elif record.status in ATTENDED:
            status, minutes = "attended", record.attended_minutes
        else:
            status, minutes = record.status, None
        segments.append(
            ServiceSegment(
                start=session.starts_at,
                end=session.ends_at,
                status=status,
                attended_minutes=minutes,
                counts_toward_hours=session.counts_toward_hours,
            )
        )
    return segments


def _hours(episode, segments, week_start, now):
    return weekly_hours(
        segments=segments,
        week_start=week_start,
        time_zone=episode.program.time_zone,
        now=now,
        level=(episode.level_of_care_edition, episode.level_of_care_code),
        population=episode.program.population,
        payer_codes=episode.program.payer_codes,
    )


def week_hours(*, episode, week_start, now):
    """The hours engine's view of one patient's week, from their track's sessions and their attendance."""
    zone = ZoneInfo(episode.program.time_zone)
    start = datetime.combine(week_start, time(), tzinfo=zone)
    end = start + timedelta(days=7)
    records = Attendance.objects.filter(episode=episode, session__starts_at__gte=start, session__starts_at__lt=end)
    by_key = {(a.session_id, a.episode_id): a for a in records}
    timeline = placement_timelines([episode.pk]).get(episode.pk, [])
    sessions = Session.objects.filter(starts_at__gte=start, starts_at__lt=end).filter(
        Q(track_id__in=track_ids_of(episode, timeline))
        | Q(episode=episode)
        | Q(pk__in=[session_id for session_id, _ in by_key])
    )
    return _hours(episode, _segments(episode, sessions, by_key, zone, timeline), week_start, now)


@dataclass(frozen=True)
class _Recorded:
    status: str
    attended_minutes: int | None


# The dashboard's numbers are reused while nothing they depend on changes (see _freshness) for at most this long;
# the projection of the week moves on with the clock, so "now" is rounded to this many seconds in the key.
HOURS_CACHE_SECONDS = 300


def program_week_hours(*, program, week_starts, now) -> list[tuple]:
    """Every patient in treatment in the program with their hours for each of ``week_starts``.

    Computing it costs four queries and, for a thousand patients, most of a second of engine time, so the
    result is cached under a key that holds a fingerprint of everything it reads (one query): any roll call,
    booking, cancellation, admission, step-down, name change or settings change makes a new key.
    """
    zone = ZoneInfo(program.time_zone)
    first = datetime.combine(min(week_starts), time(), tzinfo=zone)
    last = datetime.combine(max(week_starts), time(), tzinfo=zone) + timedelta(days=7)
    bucket = int(now.timestamp()) // HOURS_CACHE_SECONDS
    weeks = ",".join(sorted(w.isoformat() for w in week_starts))
    fingerprint = hashlib.sha256(f"{weeks}:{bucket}:{_freshness(program, first, last)}".encode()).hexdigest()
    key = f"program-week-hours:{program.pk}:{fingerprint}"
    rows = cache.get(key)
    if rows is None:
        rows = _program_week_hours(program=program, week_starts=week_starts, now=now)
        cache.set(key, rows, HOURS_CACHE_SECONDS)
    return rows


def program_week_hours_shown_to(*, program, user, week_starts, now) -> list[tuple]:
    """``program_week_hours`` less the patients the access policy hides from ``user`` (a restricted record).

    The cached result is the program's, shared by everyone who opens the page; the policy is applied after the
    cache (one query for the ids the user may see), so the cache key need not say who asks and a change to a
    restriction shows at once rather than when the key turns over.
    """
    from openiop.patients.models import Patient

    rows = program_week_hours(program=program, week_starts=week_starts, now=now)
    shown = set(Patient.objects.visible_to(user).filter(episodes__program=program).values_list("pk", flat=True))
    return [(episode, weeks) for episode, weeks in rows if episode.patient_id in shown]


def _freshness(program, first, last) -> str:
    """One query: row count and newest change of each table the hours read, for this program and weeks.

    Rows are never deleted from these tables in normal use, but the counts catch it if they are.
    """
    from openiop.episodes.models import LevelOfCareChange
    from openiop.patients.models import Patient
    from openiop.programs.models import Phase

    tables = {
        "attendance": Attendance._meta.db_table,
        "session": Session._meta.db_table,
        "episode": Episode._meta.db_table,
        "patient": Patient._meta.db_table,
        "history": LevelOfCareChange._meta.db_table,
        "phase": Phase._meta.db_table,
    }
    sql = """
        SELECT 'a', COUNT(*), MAX(a.updated_at) FROM {attendance} a JOIN {session} s ON s.id = a.session_id
            WHERE s.program_id = %s AND s.starts_at >= %s AND s.starts_at < %s
        UNION ALL SELECT 's', COUNT(*), MAX(s.updated_at) FROM {session} s
            WHERE s.program_id = %s AND s.starts_at >= %s AND s.starts_at < %s
        UNION ALL SELECT 'e', COUNT(*), MAX(e.updated_at) FROM {episode} e WHERE e.program_id = %s
        UNION ALL SELECT 'p', COUNT(*), MAX(p.updated_at) FROM {patient} p
            WHERE p.id IN (SELECT e.patient_id FROM {episode} e WHERE e.program_id = %s)
        UNION ALL SELECT 'h', COUNT(*), MAX(h.recorded_at) FROM {history} h
            WHERE h.episode_id IN (SELECT e.id FROM {episode} e WHERE e.program_id = %s)
        UNION ALL SELECT 'f', COUNT(*), MAX(f.updated_at) FROM {phase} f WHERE f.program_id = %s
    """.format(**tables)  # noqa: S608  # nosec B608
    start = connection.ops.adapt_datetimefield_value(first)
    end = connection.ops.adapt_datetimefield_value(last)
    pk = program.pk
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk, start, end, pk, start, end, pk, pk, pk, pk])
        rows = sorted(cursor.fetchall(), key=lambda row: row[0])
    return "|".join(f"{label}{count}@{latest}" for label, count, latest in rows) + f"|{program.updated_at}"


def _program_week_hours(*, program, week_starts, now) -> list[tuple]:
    zone = ZoneInfo(program.time_zone)
    first = datetime.combine(min(week_starts), time(), tzinfo=zone)
    last = datetime.combine(max(week_starts), time(), tzinfo=zone) + timedelta(days=7)
    episodes = list(
        Episode.objects.filter(program=program, status__in=[EpisodeStatus.ACTIVE, EpisodeStatus.ON_HOLD])
        .select_related("patient", "program", "track", "primary_clinician")
        .order_by("patient__legal_last_name", "patient__legal_first_name", "pk")
    )
    sessions = list(Session.objects.filter(program=program, starts_at__gte=first, starts_at__lt=last))
    # Plain rows, not model instances: a program-wide week is thousands of attendance records.
    rows_recorded = Attendance.objects.filter(
        session__program=program, session__starts_at__gte=first, session__starts_at__lt=last
    ).values_list("session_id", "episode_id", "status", "attended_minutes")
    by_key = {
        (session_id, episode_id): _Recorded(status, minutes)
        for session_id, episode_id, status, minutes in rows_recorded
    }
    # Index once: each patient then looks only at their track's sessions and their own recorded ones.
    starts = [datetime.combine(w, time(), tzinfo=zone) for w in week_starts]
    by_week_track: dict[tuple[int, int | None], list] = defaultdict(list)
    week_of_session = {}
    for session in sessions:
        week = next(
            (i for i, start in enumerate(starts) if start <= session.starts_at < start + timedelta(days=7)), None
        )
        if week is not None:
            by_week_track[(week, session.track_id)].append(session)
            week_of_session[session.pk] = week
    sessions_by_pk = {session.pk: session for session in sessions}
    # A patient's own sessions beyond their track's: attendance recorded elsewhere, and booked appointments.
    own_sessions: dict[int, set] = defaultdict(set)
    for session_id, episode_id in by_key:
        own_sessions[episode_id].add(session_id)
    for session in sessions:
        if session.episode_id:
            own_sessions[session.episode_id].add(session.pk)
    timelines = placement_timelines(e.pk for e in episodes)
    rows = []
    for episode in episodes:
        timeline = timelines.get(episode.pk, [])
        tracks = track_ids_of(episode, timeline)
        weeks = []
        for week, week_start in enumerate(week_starts):
            candidates = {s.pk: s for track_id in tracks for s in by_week_track.get((week, track_id), [])}
            for session_id in own_sessions.get(episode.pk, ()):
                if week_of_session.get(session_id) == week:
                    candidates[session_id] = sessions_by_pk[session_id]
            segments = _segments(
                episode,
                sorted(candidates.values(), key=lambda s: s.starts_at),
                by_key,
                zone,
                timeline,
            )
            weeks.append(_hours(episode, segments, week_start, now))
        rows.append((episode, weeks))
    return rows


def todays_sessions(*, user, day, zone):
    start = datetime.combine(day, time(), tzinfo=zone)
    return list(
        Session.objects.filter(facilitators=user, starts_at__gte=start, starts_at__lt=start + timedelta(days=1))
        .select_related("room", "track", "program")
        .order_by("starts_at")
    )
