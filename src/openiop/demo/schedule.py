"""Demo calendar: rooms, a weekly series per track, and three weeks of attendance (some patients short)."""

from datetime import time, timedelta

from django.utils import timezone

from openiop.core.timezones import local_today
from openiop.episodes.models import EpisodeStatus
from openiop.schedule.hours import week_bounds
from openiop.schedule.models import Room, SessionStatus
from openiop.schedule.selectors import roster
from openiop.schedule.services import attendance_record, series_create

# track name -> (title, type, weekdays, start, minutes, facilitator username)
SERIES = {
    "Evening adult track": (
        "Evening process group",
        "group_therapy",
        ["MO", "TU", "TH"],
        time(18, 0),
        180,
        "carlos.counselor",
    ),
    "Morning adult track": (
        "Morning relapse-prevention group",
        "group_therapy",
        ["MO", "WE", "FR"],
        time(9, 0),
        180,
        "carlos.counselor",
    ),
    "After-school track": (
        "After-school skills group",
        "group_therapy",
        ["MO", "WE", "TH"],
        time(15, 30),
        120,
        "jordan.counselor",
    ),
    "Morning track": (
        "Morning DBT skills group",
        "group_therapy",
        ["MO", "WE", "FR"],
        time(9, 0),
        180,
        "dana.director",
    ),
    "Evening track": ("Evening CBT group", "group_therapy", ["MO", "TU", "TH"], time(18, 0), 180, "maya.therapist"),
}
TOPICS = [
    "Triggers and cravings",
    "Coping with stress",
    "Refusal skills",
    "Sleep and recovery",
    "Family roles",
    "Emotion regulation",
    "Relapse warning signs",
    "Building sober support",
]


def add_calendar(rng, programs: dict, users: dict) -> dict:
    rooms = {
        key: Room.objects.create(program=program, name=f"{program.short_name} group room", capacity=14)
        for key, program in programs.items()
    }
    counts = {"sessions": 0, "attendance": 0}
    for key, program in programs.items():
        start = week_bounds(local_today(program.time_zone))[0] - timedelta(weeks=3)
        for track in program.tracks.all():
            title, kind, days, at, minutes, facilitator = SERIES[track.name]
            series = series_create(
                acting_user=users["dana.director"],
                program=program,
                track=track,
                session_type=kind,
                title=title,
                weekdays=days,
                start_time=at,
                duration_minutes=minutes,
                starts_on=start,
                ends_on=None,
                facilitators=[users[facilitator]],
                capacity=12,
                room=rooms[key],
            )
            sessions = list(series.sessions.all())
            for index, session in enumerate(sessions):
                session.topic = TOPICS[index % len(TOPICS)]
            type(sessions[0]).objects.bulk_update(sessions, ["topic"])
            counts["sessions"] += len(sessions)
            counts["attendance"] += _past_attendance(rng, sessions, users[facilitator])
    return counts


def _past_attendance(rng, sessions, facilitator) -> int:
    """Most attend; about one patient in five misses or cuts sessions short, so some weeks fall below 9 h."""
    recorded = 0
    now = timezone.now()
    for session in sessions:
        if session.ends_at > now or session.status != SessionStatus.SCHEDULED:
            continue
        entries = {}
        for episode in roster(session=session):
            if episode.status != EpisodeStatus.ACTIVE:
                continue
            struggling = episode.pk % 5 == 0
            roll = rng.random()
            if struggling and roll < 0.45:
                entries[episode.pk] = ("absent_unexcused", None)
            elif roll < 0.06:
                entries[episode.pk] = ("absent_excused", None)
            elif roll < 0.14:
                entries[episode.pk] = ("late", session.length_minutes - rng.choice([20, 30, 45]))
            else:
                entries[episode.pk] = ("present", None)
        if entries:
            attendance_record(acting_user=facilitator, session=session, entries=entries)
            recorded += len(entries)
    return recorded
