"""Notes fixtures: a past evening group with recorded attendance, and a past individual appointment."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from openiop.plans.tests.builders import complete_plan, sign_all
from openiop.schedule.models import Room
from openiop.schedule.services import appointment_book, attendance_record, series_create

ATTENDEE_NAMES = [
    ("Alma", "Quist"),
    ("Bruno", "Vesper"),
    ("Carla", "Moss"),
    ("Dario", "Lund"),
    ("Elena", "Frost"),
    ("Faris", "Holt"),
    ("Greta", "Ivers"),
    ("Hugo", "Jansen"),
    ("Irma", "Kolb"),
    ("Jonas", "Pryce"),
    ("Kira", "Stone"),
    ("Lev", "Tamm"),
]


@pytest.fixture
def room(program_a):
    return Room.objects.create(program=program_a, name="Group room 1", capacity=14)


@pytest.fixture
def make_group_session(program_a, clinician_a, make_patient, room):
    """``make_group_session(attended=n, absent=m)``: last Monday's evening group; n present, m absent."""

    def make(attended: int, absent: int = 0, *, facilitator=None, ends_ago_days: int = 0):
        facilitator = facilitator or clinician_a
        evening = program_a.tracks.get(time_of_day="evening")
        day = timezone.localdate() - timedelta(days=7 + ends_ago_days)
        series = series_create(
            acting_user=clinician_a,
            program=program_a,
            track=evening,
            session_type="group_therapy",
            title="Evening process group",
            weekdays=[["MO", "TU", "WE", "TH", "FR", "SA", "SU"][day.weekday()]],
            start_time=time(18, 0),
            duration_minutes=180,
            starts_on=day,
            ends_on=day,
            facilitators=[facilitator],
            capacity=14,
            room=room,
        )
        session = series.sessions.get()
        session.topic = "Coping with cravings"
        session.save(update_fields=["topic"])
        episodes = []
        for first, last in ATTENDEE_NAMES[: attended + absent]:
            _, episode = make_patient(program_a, acting_user=clinician_a, legal_first_name=first, legal_last_name=last)
            episode.track, episode.admitted_on = evening, date(2026, 1, 5)
            episode.save()
            episodes.append(episode)
        entries = {e.pk: ("present", None) for e in episodes[:attended]}
        entries |= {e.pk: ("absent_excused", None) for e in episodes[attended:]}
        attendance_record(acting_user=facilitator, session=session, entries=entries)
        return session, episodes

    return make


@pytest.fixture
def make_appointment(program_a, clinician_a, make_patient):
    """``make_appointment(status, hours_ago=...)``: an individual session that ended ``hours_ago`` hours ago."""

    def make(status: str = "present", *, hours_ago: int = 2, episode=None, family_members: str = ""):
        if episode is None:
            _, episode = make_patient(program_a, acting_user=clinician_a)
        starts_at = (timezone.now() - timedelta(hours=hours_ago, minutes=50)).replace(second=0, microsecond=0)
        session = appointment_book(
            acting_user=clinician_a,
            episode=episode,
            session_type="family_therapy" if family_members else "individual_therapy",
            starts_at=starts_at.astimezone(ZoneInfo(program_a.time_zone)),
            duration_minutes=50,
            facilitators=[clinician_a],
            telehealth_url="https://telehealth.example.org/room",
            family_members=family_members,
        )
        minutes = 30 if status in ("late", "left_early") else None
        attendance_record(acting_user=clinician_a, session=session, entries={episode.pk: (status, minutes)})
        return session, episode

    return make


@pytest.fixture
def plan_in_force(clinician_a, director_a):
    def make(episode):
        plan = sign_all(complete_plan(episode, acting_user=clinician_a), clinician=clinician_a, supervisor=director_a)
        return [g for p in plan.problems.all() for g in p.goals.all()]

    return make


def texts(note) -> str:
    return " ".join(str(v) for v in note.sections.values())


__all__ = ["datetime", "texts"]
