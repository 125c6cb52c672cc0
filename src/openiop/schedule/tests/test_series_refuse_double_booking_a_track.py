"""A track's patients cannot be in two places at once: a new series or a moved occurrence that overlaps another
session of the same track (or a visit booked for one of its patients) is refused; other tracks are free.
Cancelled and already-attended occurrences stay where they are."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from openiop.schedule.models import Room, Session, SessionSeries
from openiop.schedule.services import (
    appointment_book,
    attendance_record,
    series_create,
    session_cancel,
    session_move,
)

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture(autouse=True)
def wednesday_21_october_2026():
    with time_machine.travel(datetime(2026, 10, 21, 16, tzinfo=UTC), tick=True):
        yield


@pytest.fixture
def other_clinician(make_user, program_a):
    return make_user("clinician", [program_a])


@pytest.fixture
def room_2(program_a):
    return Room.objects.create(program=program_a, name="Group room 2", capacity=12)


def _series(program, track, facilitator, *, weekdays, start, minutes=60, room=None, first=date(2026, 10, 19)):
    place = {"room": room} if room else {"telehealth_url": "https://example.org/group"}
    return series_create(
        acting_user=facilitator,
        program=program,
        track=track,
        session_type="psychoeducation",
        title="Relapse prevention",
        weekdays=weekdays,
        start_time=start,
        duration_minutes=minutes,
        starts_on=first,
        ends_on=date(2026, 11, 13),
        facilitators=[facilitator],
        capacity=10,
        **place,
    )


def _counts():
    return Session.objects.count(), SessionSeries.objects.count()


def test_a_series_overlapping_another_series_of_the_same_track_is_refused_on_the_start_time(
    evening_group, program_a, evening, other_clinician, room_2
):
    before = _counts()
    with pytest.raises(ValidationError) as excinfo:
        _series(program_a, evening, other_clinician, weekdays=["TU"], start=time(19, 0), room=room_2)
    message = excinfo.value.message_dict["start_time"][0]
    assert "'Evening process group'" in message and "Tue 2026-10-20 18:00" in message
    assert _counts() == before


def test_a_series_that_touches_only_one_occurrence_of_the_track_is_still_refused(
    evening_group, program_a, evening, other_clinician
):
    # Wednesday 11 November is free but Thursday 12 November clashes: nothing is laid out, not even Wednesday.
    before = _counts()
    with pytest.raises(ValidationError) as excinfo:
        _series(
            program_a, evening, other_clinician, weekdays=["WE", "TH"], start=time(20, 30), first=date(2026, 11, 11)
        )
    assert "start_time" in excinfo.value.message_dict
    assert _counts() == before


def test_the_same_time_on_another_track_is_fine(evening_group, program_a, other_clinician, room_2):
    morning_named_track = program_a.tracks.get(time_of_day="morning")
    series = _series(program_a, morning_named_track, other_clinician, weekdays=["TU"], start=time(19, 0), room=room_2)
    assert series.sessions.count() == 4


def test_a_series_without_a_track_is_not_checked_against_track_patients(
    evening_group, program_a, other_clinician, room_2
):
    series = _series(program_a, None, other_clinician, weekdays=["TU"], start=time(19, 0), room=room_2)
    assert series.sessions.count() == 4


def test_a_track_series_over_a_visit_booked_for_one_of_its_patients_is_refused(
    program_a, evening, clinician_a, other_clinician, make_patient
):
    patient, episode = make_patient(program_a, acting_user=clinician_a)
    appointment_book(
        acting_user=clinician_a,
        episode=episode,
        session_type="individual_therapy",
        starts_at=datetime(2026, 10, 23, 10, tzinfo=NEW_YORK),
        duration_minutes=50,
        facilitators=[clinician_a],
        telehealth_url="https://example.org/visit",
    )
    before = _counts()
    with pytest.raises(ValidationError) as excinfo:
        _series(program_a, evening, other_clinician, weekdays=["FR"], start=time(9, 30))
    message = excinfo.value.message_dict["start_time"][0]
    assert patient.display_name in message and "Individual therapy" in message
    assert _counts() == before


def test_moving_an_occurrence_onto_another_session_of_its_track_is_refused(
    evening_group, program_a, evening, other_clinician, room_2
):
    wednesday_series = _series(program_a, evening, other_clinician, weekdays=["WE"], start=time(18, 0), room=room_2)
    wednesday = wednesday_series.sessions.first()
    original = (wednesday.starts_at, wednesday.room_id)
    with pytest.raises(ValidationError) as excinfo:
        session_move(
            acting_user=other_clinician, session=wednesday, starts_at=datetime(2026, 10, 20, 19, tzinfo=NEW_YORK)
        )
    assert "'Evening process group'" in excinfo.value.message_dict["starts_at"][0]
    wednesday.refresh_from_db()
    assert (wednesday.starts_at, wednesday.room_id) == original


def test_moving_an_occurrence_to_a_free_time_keeps_its_length(evening_group, clinician_a):
    monday = evening_group.sessions.first()
    moved = session_move(acting_user=clinician_a, session=monday, starts_at=datetime(2026, 10, 21, 18, tzinfo=NEW_YORK))
    moved.refresh_from_db()
    assert moved.starts_at == datetime(2026, 10, 21, 18, tzinfo=NEW_YORK)
    assert moved.length_minutes == 180


def test_moving_a_cancelled_occurrence_is_refused(evening_group, clinician_a):
    monday = evening_group.sessions.first()
    session_cancel(acting_user=clinician_a, session=monday, reason="Facilitator ill")
    monday.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        session_move(acting_user=clinician_a, session=monday, starts_at=datetime(2026, 10, 21, 18, tzinfo=NEW_YORK))
    assert "cancelled" in excinfo.value.message_dict["__all__"][0]
    assert Session.objects.get(pk=monday.pk).starts_at.astimezone(NEW_YORK).date() == date(2026, 10, 19)


def test_moving_an_occurrence_with_attendance_recorded_is_refused(evening_group, clinician_a, make_patient, program_a):
    _, episode = make_patient(program_a, acting_user=clinician_a)
    monday = evening_group.sessions.first()
    attendance_record(acting_user=clinician_a, session=monday, entries={episode.pk: ("present", None)})
    with pytest.raises(ValidationError) as excinfo:
        session_move(acting_user=clinician_a, session=monday, starts_at=datetime(2026, 10, 21, 18, tzinfo=NEW_YORK))
    assert "Attendance is already recorded" in excinfo.value.message_dict["__all__"][0]
    assert Session.objects.get(pk=monday.pk).starts_at.astimezone(NEW_YORK).date() == date(2026, 10, 19)


def test_a_cancelled_occurrence_no_longer_blocks_its_time(evening_group, program_a, evening, other_clinician, room_2):
    tuesdays = [s for s in evening_group.sessions.all() if s.starts_at.astimezone(NEW_YORK).weekday() == 1]
    for tuesday in tuesdays:
        session_cancel(acting_user=other_clinician, session=tuesday, reason="Room works")
    series = _series(program_a, evening, other_clinician, weekdays=["TU"], start=time(19, 0), room=room_2)
    assert series.sessions.count() == 4
