"""Demo calendar: phases, rooms, a weekly series per track, three weeks of attendance (some patients short,
some absences followed up), and individual and family appointments."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from openiop.core.timezones import local_today
from openiop.episodes.models import EpisodeStatus
from openiop.programs.services import phase_save
from openiop.schedule.hours import week_bounds
from openiop.schedule.models import Room, SessionStatus
from openiop.schedule.selectors import roster
from openiop.schedule.services import appointment_book, attendance_record, series_create
from openiop.tasks.models import Task, TaskStatus
from openiop.tasks.services import task_complete

EVERY_WEEKDAY = ["MO", "TU", "WE", "TH", "FR"]
# The adult program steps patients down through phases of its Monday-to-Friday tracks.
PHASES = {
    "adult": [
        ("Phase 1", ["MO", "TU", "WE", "TH", "FR"], "Five days a week, 3 hours a day (15 h)"),
        ("Phase 2", ["MO", "WE", "FR"], "Three days a week (9 h)"),
        ("Phase 3", ["TU", "TH"], "Two days a week (6 h): stepping down toward outpatient care"),
    ]
}

# track name -> (title, type, weekdays, start, minutes, facilitator username)
SERIES = {
    "Evening adult track": (
        "Evening process group",
        "group_therapy",
        EVERY_WEEKDAY,
        time(18, 0),
        180,
        "carlos.counselor",
    ),
    "Morning adult track": (
        "Morning relapse-prevention group",
        "group_therapy",
        EVERY_WEEKDAY,
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


def add_phases(programs: dict, director) -> dict:
    """Phases per program key, most intensive first (admission puts patients in the first)."""
    phases = {}
    for key, specs in PHASES.items():
        phases[key] = [
            phase_save(
                acting_user=director, program=programs[key], name=name, order=n, weekdays=days, description=words
            )
            for n, (name, days, words) in enumerate(specs, start=1)
        ]
    return phases


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
    counts["appointments"] = _appointments(programs["adult"], users, rooms["adult"])
    counts["open tasks"] = _follow_up_older_absences(programs, users)
    return counts


def _appointments(program, users, room) -> int:
    """Next week: individual sessions for some adult patients and one family session, between the groups."""
    zone = ZoneInfo(program.time_zone)
    monday = week_bounds(local_today(program.time_zone))[0] + timedelta(days=7)
    episodes = list(program.episodes.filter(status=EpisodeStatus.ACTIVE).select_related("program").order_by("pk"))
    booked = 0
    for index, episode in enumerate(episodes[:8]):
        day = monday + timedelta(days=index % 4)
        at = datetime.combine(day, time(13 + index // 4, 0), tzinfo=zone)
        family = index == 0
        appointment_book(
            acting_user=users["fran.frontdesk"],
            episode=episode,
            session_type="family_therapy" if family else "individual_therapy",
            starts_at=at,
            duration_minutes=50,
            facilitators=[users["maya.therapist"]],
            room=room if family else None,
            telehealth_url="" if family else "https://telehealth.example.org/maya",
            family_members="Mother and partner" if family else "",
        )
        booked += 1
    return booked


def _follow_up_older_absences(programs, users) -> int:
    """Absence follow-ups older than two days were done; the recent ones are still open."""
    cutoff = min(local_today(p.time_zone) for p in programs.values()) - timedelta(days=2)
    outcomes = ["Called; back on Thursday", "Left a voicemail and texted", "Spoke with patient; car trouble, rebooked"]
    for n, task in enumerate(Task.objects.filter(status=TaskStatus.OPEN, due_on__lt=cutoff).order_by("pk")):
        closer = task.assigned_to or users["carlos.counselor"]
        task_complete(acting_user=closer, task=task, outcome=outcomes[n % len(outcomes)])
    return Task.objects.filter(status=TaskStatus.OPEN).count()


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
