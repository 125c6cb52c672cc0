"""Individual, family and medication visits for one patient: they join the patient's calendar, roster and hours,
and a booking that cannot happen is refused naming the field, with nothing written."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from openiop.audit.models import AuditEvent
from openiop.episodes.models import EpisodeStatus, LevelOfCareChangeKind
from openiop.episodes.services import episode_transfer
from openiop.programs.models import Phase
from openiop.schedule import calendar_selectors
from openiop.schedule.models import Room, Session, SessionSeries
from openiop.schedule.selectors import roster, week_hours
from openiop.schedule.services import appointment_book

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 10, 21, 16, tzinfo=UTC)  # Wednesday 21 October 2026, noon in New York
WEEK = date(2026, 10, 19)


@pytest.fixture(autouse=True)
def wednesday_21_october_2026():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def office(program_a):
    return Room.objects.create(program=program_a, name="Office 2", capacity=3)


@pytest.fixture
def other_clinician(make_user, program_a):
    return make_user("clinician", [program_a])


@pytest.fixture
def episode(make_patient, program_a, clinician_a, evening_group):
    """In the evening track (Mon/Tue/Thu 18:00–21:00), admitted 7 October."""
    return make_patient(program_a, acting_user=clinician_a)[1]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=NEW_YORK)


FRIDAY = date(2026, 10, 23)
MONDAY = date(2026, 10, 19)


def _book(episode, facilitator, *, starts_at=None, session_type="individual_therapy", **place):
    place = place or {"telehealth_url": "https://example.org/visit"}
    return appointment_book(
        acting_user=facilitator,
        episode=episode,
        session_type=session_type,
        starts_at=starts_at or _at(FRIDAY, 10),
        duration_minutes=50,
        facilitators=[facilitator],
        **place,
    )


def _refused(field: str, book) -> str:
    """Run ``book``; it must fail on ``field`` and write no session. Returns the message."""
    before = (Session.objects.count(), SessionSeries.objects.count())
    with pytest.raises(ValidationError) as excinfo:
        book()
    assert (Session.objects.count(), SessionSeries.objects.count()) == before
    errors = excinfo.value.message_dict
    assert field in errors, errors
    return errors[field][0]


def test_a_booked_visit_is_on_the_patient_s_week_roster_and_hours(episode, clinician_a, office):
    visit = _book(episode, clinician_a, room=office)
    assert (visit.episode, visit.track, visit.capacity, visit.title) == (episode, None, 1, "Individual therapy")

    window = calendar_selectors.week_window(WEEK, "America/New_York")
    sessions = calendar_selectors.patient_sessions(episode=episode, starts_at=window.starts_at, ends_at=window.ends_at)
    assert visit in sessions
    assert len(sessions) == 4  # the three evening groups and the visit
    assert roster(session=visit) == [episode]
    hours = week_hours(episode=episode, week_start=WEEK, now=NOW)
    assert hours.scheduled_minutes == 3 * 180 + 50
    assert hours.scheduled_minutes_by_day[FRIDAY] == 50


def test_the_booking_is_audited_against_the_patient(episode, clinician_a):
    visit = _book(episode, clinician_a)
    event = AuditEvent.objects.get(object_type="session", object_id=str(visit.pk), action="create")
    assert event.patient_id == episode.patient_id
    assert event.detail["event"] == "appointment_booked"


def test_another_patient_s_calendar_does_not_show_the_visit(episode, clinician_a, make_patient, program_a):
    other = make_patient(program_a, acting_user=clinician_a)[1]
    visit = _book(episode, clinician_a)
    window = calendar_selectors.week_window(WEEK, "America/New_York")
    assert visit not in calendar_selectors.patient_sessions(
        episode=other, starts_at=window.starts_at, ends_at=window.ends_at
    )
    assert other not in roster(session=visit)


def test_family_therapy_with_members_is_booked(episode, clinician_a):
    visit = appointment_book(
        acting_user=clinician_a,
        episode=episode,
        session_type="family_therapy",
        starts_at=_at(FRIDAY, 10),
        duration_minutes=50,
        facilitators=[clinician_a],
        telehealth_url="https://example.org/f",
        family_members="mother, partner",
    )
    assert Session.objects.get(pk=visit.pk).family_members == "mother, partner"


def test_a_patient_not_in_treatment_is_refused(make_patient, program_a, clinician_a):
    _, planned = make_patient(program_a, acting_user=clinician_a, status=EpisodeStatus.PLANNED)
    message = _refused("__all__", lambda: _book(planned, clinician_a))
    assert "Planned" in message


def test_a_group_type_is_refused_with_the_allowed_types(episode, clinician_a):
    message = _refused("session_type", lambda: _book(episode, clinician_a, session_type="group_therapy"))
    assert "Individual therapy" in message and "Family therapy" in message


def test_family_therapy_without_family_members_is_refused(episode, clinician_a):
    message = _refused("family_members", lambda: _book(episode, clinician_a, session_type="family_therapy"))
    assert "family members" in message


def test_a_double_booked_facilitator_is_refused(episode, clinician_a, make_patient, program_a):
    other = make_patient(program_a, acting_user=clinician_a)[1]
    _book(other, clinician_a, starts_at=_at(FRIDAY, 10))
    message = _refused("facilitators", lambda: _book(episode, clinician_a, starts_at=_at(FRIDAY, 10, 30)))
    assert "already facilitates 'Individual therapy'" in message


def test_a_double_booked_room_is_refused(episode, clinician_a, other_clinician, office, make_patient, program_a):
    other = make_patient(program_a, acting_user=clinician_a)[1]
    _book(other, clinician_a, room=office)
    message = _refused("room", lambda: _book(episode, other_clinician, starts_at=_at(FRIDAY, 10, 30), room=office))
    assert "Office 2 is booked" in message


def test_a_visit_during_the_patient_s_own_track_group_is_refused(episode, other_clinician):
    message = _refused("starts_at", lambda: _book(episode, other_clinician, starts_at=_at(MONDAY, 19)))
    assert "Evening process group" in message and "Mon 2026-10-19 18:00" in message


def test_a_visit_overlapping_another_of_the_patient_s_visits_is_refused(episode, clinician_a, other_clinician):
    _book(episode, clinician_a, starts_at=_at(FRIDAY, 10))
    message = _refused("starts_at", lambda: _book(episode, other_clinician, starts_at=_at(FRIDAY, 10, 30)))
    assert "Individual therapy" in message


def test_back_to_back_visits_do_not_overlap(episode, clinician_a, other_clinician):
    _book(episode, clinician_a, starts_at=_at(FRIDAY, 10))
    _book(episode, other_clinician, starts_at=_at(FRIDAY, 10, 50))
    assert Session.objects.filter(episode=episode).count() == 2


def test_a_facilitator_from_another_program_is_refused(episode, clinician_b):
    _refused("facilitators", lambda: _book(episode, clinician_b))


def test_a_visit_without_room_or_telehealth_link_is_refused(episode, clinician_a):
    _refused(
        "room",
        lambda: appointment_book(
            acting_user=clinician_a,
            episode=episode,
            session_type="individual_therapy",
            starts_at=_at(FRIDAY, 10),
            duration_minutes=50,
            facilitators=[clinician_a],
        ),
    )


def test_a_phase_2_patient_can_be_booked_at_group_time_on_a_day_they_do_not_attend(
    program_a, make_patient, clinician_a, other_clinician, evening_group
):
    Phase.objects.create(program=program_a, name="Phase 1", order=1, weekdays="MO,TU,WE,TH,FR")
    phase_2 = Phase.objects.create(program=program_a, name="Phase 2", order=2, weekdays="MO,WE,FR")
    episode = make_patient(program_a, acting_user=clinician_a)[1]
    episode_transfer(
        acting_user=clinician_a,
        episode=episode,
        effective_on=date(2026, 10, 20),
        reason="Steps down to three days",
        kind=LevelOfCareChangeKind.STEP_DOWN,
        phase=phase_2,
    )
    tuesday = date(2026, 10, 27)
    visit = _book(episode, other_clinician, starts_at=_at(tuesday, 18, 30))
    assert visit.episode == episode
    # Monday is still one of their days: the evening group there still clashes.
    _refused("starts_at", lambda: _book(episode, other_clinician, starts_at=_at(date(2026, 10, 26), 18, 30)))
