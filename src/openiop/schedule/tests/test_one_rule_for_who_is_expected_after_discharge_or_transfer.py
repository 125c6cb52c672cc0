"""Rosters, the patient's calendar and the hours engine share one rule for who is expected. It holds for the days
before a discharge (a late roll call still lists the patient) and for the weeks before a track transfer (the old
track's sessions stay on the patient's record)."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from openiop.episodes.models import LevelOfCareChangeKind
from openiop.episodes.services import episode_discharge, episode_transfer
from openiop.schedule import calendar_selectors
from openiop.schedule.models import Room
from openiop.schedule.selectors import roster, week_hours
from openiop.schedule.services import series_create

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 10, 23, 16, tzinfo=UTC)  # Friday 23 October 2026
WEEK = date(2026, 10, 19)


@pytest.fixture(autouse=True)
def friday_23_october_2026():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def episode(make_patient, program_a, clinician_a, evening_group):
    return make_patient(program_a, acting_user=clinician_a)[1]


def _on(series, day):
    return next(s for s in series.sessions.all() if s.starts_at.astimezone(NEW_YORK).date() == day)


def _calendar(episode):
    window = calendar_selectors.week_window(WEEK, "America/New_York")
    return calendar_selectors.patient_sessions(episode=episode, starts_at=window.starts_at, ends_at=window.ends_at)


def test_a_patient_discharged_on_wednesday_is_still_on_tuesday_s_roster(episode, clinician_a, evening_group):
    tuesday = _on(evening_group, date(2026, 10, 20))
    episode_discharge(acting_user=clinician_a, episode=episode, discharged_on=date(2026, 10, 21), reason=1)
    episode.refresh_from_db()
    # The calendar and the hours engine still count Tuesday; the roll call must list the patient too.
    assert tuesday in _calendar(episode)
    assert week_hours(episode=episode, week_start=WEEK, now=NOW).scheduled_minutes == 2 * 180
    assert episode in roster(session=tuesday)
    assert calendar_selectors.roster_sizes([tuesday])[tuesday.pk] == 1
    assert episode not in roster(session=_on(evening_group, date(2026, 10, 22)))


def test_the_old_track_s_sessions_before_a_transfer_stay_on_the_patient_s_record(
    episode, clinician_a, make_user, program_a, evening_group
):
    morning = program_a.tracks.get(time_of_day="morning")
    other = make_user("clinician", [program_a])
    series_create(
        acting_user=other,
        program=program_a,
        track=morning,
        session_type="group_therapy",
        title="Morning group",
        weekdays=["WE", "TH", "FR"],
        start_time=time(9, 0),
        duration_minutes=180,
        starts_on=WEEK,
        ends_on=date(2026, 10, 23),
        facilitators=[other],
        capacity=12,
        room=Room.objects.create(program=program_a, name="Room M", capacity=12),
    )
    episode_transfer(
        acting_user=clinician_a,
        episode=episode,
        effective_on=date(2026, 10, 21),
        reason="Found a day job; moves to the morning track",
        kind=LevelOfCareChangeKind.TRANSFER,
        track=morning,
    )
    episode.refresh_from_db()
    monday, tuesday = _on(evening_group, date(2026, 10, 19)), _on(evening_group, date(2026, 10, 20))
    # Evening Mon and Tue (before the transfer), morning Wed, Thu, Fri (after it); not Thursday evening.
    assert [s.title for s in _calendar(episode)] == ["Evening process group"] * 2 + ["Morning group"] * 3
    assert episode in roster(session=monday) and episode in roster(session=tuesday)
    assert week_hours(episode=episode, week_start=WEEK, now=NOW).scheduled_minutes == 5 * 180
