"""Calendar fixtures shared by the schedule tests."""

from datetime import date, time

import pytest

from openiop.schedule.models import Room
from openiop.schedule.services import series_create


@pytest.fixture
def room(program_a):
    return Room.objects.create(program=program_a, name="Group room 1", capacity=12)


@pytest.fixture
def evening(program_a):
    return program_a.tracks.get(time_of_day="evening")


@pytest.fixture
def make_evening_group(program_a, clinician_a, room, evening):
    """``make_evening_group(ends_on)``: Mon/Tue/Thu 18:00–21:00 in Program A's evening track from Monday 2026-10-19."""

    def make(ends_on: date):
        return series_create(
            acting_user=clinician_a,
            program=program_a,
            track=evening,
            session_type="group_therapy",
            title="Evening process group",
            weekdays=["MO", "TU", "TH"],
            start_time=time(18, 0),
            duration_minutes=180,
            starts_on=date(2026, 10, 19),
            ends_on=ends_on,
            facilitators=[clinician_a],
            capacity=12,
            room=room,
        )

    return make


@pytest.fixture
def evening_group(make_evening_group):
    """The evening group through 2026-11-13: twelve sessions, across the end of daylight-saving time."""
    return make_evening_group(date(2026, 11, 13))
