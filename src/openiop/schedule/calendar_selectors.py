"""Reads behind the week calendars, the chart's schedule tab and the iCalendar exports.

Each function costs a fixed number of queries whatever the number of sessions or patients: sessions come
with their room, program and track joined and their facilitators prefetched, and roster sizes are counted
in Python from one query of the episodes in the sessions' tracks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q

from openiop.episodes.models import Episode, EpisodeStatus

from .expected import expected_at, placement_timelines, track_ids_of
from .hours import week_bounds
from .models import Attendance, Session, SessionStatus
from .selectors import sessions_shown_to


@dataclass(frozen=True)
class WeekWindow:
    """Monday to Sunday in one zone, with the UTC instants that bound it."""

    monday: date
    zone: ZoneInfo
    starts_at: datetime
    ends_at: datetime

    @property
    def days(self) -> list[date]:
        return [self.monday + timedelta(days=n) for n in range(7)]

    @property
    def previous_monday(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next_monday(self) -> date:
        return self.monday + timedelta(days=7)


def week_window(day: date, time_zone: str, weeks: int = 1) -> WeekWindow:
    """The week holding ``day``; ``weeks`` > 1 stretches the end over the following weeks."""
    zone = ZoneInfo(time_zone)
    monday = week_bounds(day)[0]
    # Midnight is combined in the zone for each bound separately, so a DST week is 167 or 169 hours long.
    starts_at = datetime.combine(monday, time(), tzinfo=zone)
    ends_at = datetime.combine(monday + timedelta(days=7 * weeks), time(), tzinfo=zone)
    return WeekWindow(monday=monday, zone=zone, starts_at=starts_at, ends_at=ends_at)


@dataclass(frozen=True)
class CalendarEntry:
    """One session as a calendar shows it, its times in the calendar's zone."""

    session: Session
    day: date
    local_start: datetime
    local_end: datetime
    facilitator_names: tuple[str, ...]
    roster_size: int | None
    attendance_status: str = ""
    attendance_label: str = ""

    @property
    def is_cancelled(self) -> bool:
        return self.session.status == SessionStatus.CANCELLED

    @property
    def time_range(self) -> str:
        # Formatted here, not with the template's date filter, which would convert to the active zone.
        return f"{self.local_start:%H:%M}–{self.local_end:%H:%M}"

    @property
    def day_label(self) -> str:
        return f"{self.day:%a} {self.day.isoformat()}"

    @property
    def place(self) -> str:
        return self.session.room.name if self.session.room_id else "telehealth"


def _sessions():
    return (
        Session.objects.select_related("room", "program", "track")
        .prefetch_related("facilitators")
        .order_by("starts_at", "pk")
    )


def _between(queryset, starts_at: datetime, ends_at: datetime):
    # A session belongs to the day it starts on, so a Sunday-evening group stays on Sunday.
    return queryset.filter(starts_at__gte=starts_at, starts_at__lt=ends_at)


def track_sessions(*, track, starts_at: datetime, ends_at: datetime) -> list[Session]:
    return list(_between(_sessions().filter(track=track), starts_at, ends_at))


def facilitator_sessions(
    *, facilitator_id: int, viewer, program_ids, starts_at: datetime, ends_at: datetime
) -> list[Session]:
    """Sessions ``facilitator_id`` leads in ``program_ids`` (the viewer's programs, so nothing else shows),
    without the appointments of patients the access policy hides from the viewer (``sessions_shown_to``)."""
    sessions = _sessions().filter(sessions_shown_to(viewer), facilitators=facilitator_id, program_id__in=program_ids)
    return list(_between(sessions, starts_at, ends_at))


def _on_roster(episode: Episode, day: date) -> bool:
    if episode.status in (EpisodeStatus.CANCELLED, EpisodeStatus.WAITLIST):
        return False
    if episode.admitted_on is not None and day < episode.admitted_on:
        return False
    return episode.discharged_on is None or day <= episode.discharged_on


def patient_sessions(*, episode: Episode | None, starts_at: datetime, ends_at: datetime) -> list[Session]:
    """The sessions the episode is expected at (its appointments; its track's sessions on its phase's days
    while it is on the roster, and a planned episode sees them from now on), plus any session with the
    episode's attendance recorded."""
    if episode is None:
        return []
    timeline = placement_timelines([episode.pk]).get(episode.pk, [])
    wanted = Q(attendance__episode=episode) | Q(episode=episode) | Q(track_id__in=track_ids_of(episode, timeline))
    sessions = _between(_sessions().filter(wanted, program_id=episode.program_id).distinct(), starts_at, ends_at)
    recorded = set(Attendance.objects.filter(episode=episode).values_list("session_id", flat=True))
    kept = []
    for session in sessions:
        day = session.starts_at.astimezone(ZoneInfo(session.program.time_zone)).date()
        if session.pk in recorded or expected_at(episode, session, day, timeline, in_window=_on_roster(episode, day)):
            kept.append(session)
    return kept


def schedule_patient_queryset(*, user):
    """Patients with the episodes ``current_episode`` picks from, without the chart header's extras."""
    from openiop.patients.models import Patient

    episodes = (
        Episode.objects.filter(program_id__in=user.program_ids)
        .select_related("program", "track")
        .order_by("-admitted_on", "-created_at")
    )
    return Patient.objects.prefetch_related(Prefetch("episodes", queryset=episodes, to_attr="visible_episodes"))


def roster_sizes(sessions: list[Session]) -> dict[int, int]:
    """How many episodes each group session expects (as ``selectors.roster``, without recorded extras).
    Two queries, whatever the number of sessions or patients."""
    track_ids = {s.track_id for s in sessions if s.track_id}
    if not track_ids:
        return {}
    latest_day = max(s.starts_at for s in sessions) + timedelta(days=1)
    earliest_day = min(s.starts_at for s in sessions) - timedelta(days=1)
    episodes = list(
        Episode.objects.filter(
            Q(track_id__in=track_ids) | Q(level_history__track_id__in=track_ids),
            admitted_on__lte=latest_day.date(),
        )
        .filter(Q(discharged_on__isnull=True) | Q(discharged_on__gte=earliest_day.date()))
        .exclude(status=EpisodeStatus.CANCELLED)
        .only("pk", "track_id", "admitted_on", "discharged_on")
        .distinct()
    )
    timelines = placement_timelines(e.pk for e in episodes)
    by_track: dict[int, list[Episode]] = defaultdict(list)
    for episode in episodes:
        for track_id in track_ids_of(episode, timelines.get(episode.pk, [])):
            by_track[track_id].append(episode)
    sizes = {}
    for session in sessions:
        if not session.track_id:
            continue
        day = session.starts_at.astimezone(ZoneInfo(session.program.time_zone)).date()
        sizes[session.pk] = sum(
            1
            for episode in by_track[session.track_id]
            if expected_at(episode, session, day, timelines.get(episode.pk, []))
        )
    return sizes


def attendance_by_session(*, episode: Episode | None, sessions: list[Session]) -> dict[int, Attendance]:
    if episode is None or not sessions:
        return {}
    records = Attendance.objects.filter(episode=episode, session__in=[s.pk for s in sessions])
    return {record.session_id: record for record in records}


def calendar_entries(
    sessions: list[Session], *, zone: ZoneInfo, attendance: dict[int, Attendance] | None = None
) -> list[CalendarEntry]:
    sizes = roster_sizes(sessions)
    attendance = attendance or {}
    entries = []
    for session in sessions:
        local_start = session.starts_at.astimezone(zone)
        record = attendance.get(session.pk)
        entries.append(
            CalendarEntry(
                session=session,
                day=local_start.date(),
                local_start=local_start,
                local_end=session.ends_at.astimezone(zone),
                facilitator_names=tuple(f.display_name for f in session.facilitators.all()),
                roster_size=sizes.get(session.pk),
                attendance_status=record.status if record else "",
                attendance_label=record.get_status_display() if record else "",
            )
        )
    return entries


def week_grid(entries: list[CalendarEntry], window: WeekWindow) -> list[tuple[date, list[CalendarEntry]]]:
    """Seven (day, entries) pairs, Monday first."""
    by_day: dict[date, list[CalendarEntry]] = {day: [] for day in window.days}
    for entry in entries:
        if entry.day in by_day:
            by_day[entry.day].append(entry)
    return list(by_day.items())
