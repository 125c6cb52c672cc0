"""A phase says which days of their track a patient attends. Stepping down to a later phase from a date changes
the rosters, the patient's calendar and their scheduled hours from that date only; attendance already
recorded keeps the patient on that session's roster whatever their phase."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from openiop.episodes.models import LevelOfCareChangeKind
from openiop.episodes.services import episode_transfer
from openiop.programs.models import Phase
from openiop.schedule import calendar_selectors
from openiop.schedule.selectors import program_week_hours, roster, week_hours
from openiop.schedule.services import attendance_record, series_create

NEW_YORK = ZoneInfo("America/New_York")
# Friday 30 October 2026, noon in New York: the step-down from Wednesday 28 October is already in force.
NOW = datetime(2026, 10, 30, 16, tzinfo=UTC)
STEP_DOWN_ON = date(2026, 10, 28)
WEEK_1, WEEK_2, WEEK_3 = date(2026, 10, 19), date(2026, 10, 26), date(2026, 11, 2)
THREE_HOURS = 180


@pytest.fixture(autouse=True)
def friday_30_october_2026():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def phases(program_a):
    """Created before anyone is admitted, so admission puts patients in Phase 1."""
    return (
        Phase.objects.create(program=program_a, name="Phase 1", order=1, weekdays="MO,TU,WE,TH,FR"),
        Phase.objects.create(program=program_a, name="Phase 2", order=2, weekdays="MO,WE,FR"),
    )


@pytest.fixture
def weekday_group(program_a, clinician_a, room, evening):
    """Monday to Friday 18:00–21:00 in the evening track, for three weeks from Monday 19 October."""
    return series_create(
        acting_user=clinician_a,
        program=program_a,
        track=evening,
        session_type="group_therapy",
        title="Evening process group",
        weekdays=["MO", "TU", "WE", "TH", "FR"],
        start_time=time(18, 0),
        duration_minutes=THREE_HOURS,
        starts_on=WEEK_1,
        ends_on=date(2026, 11, 6),
        facilitators=[clinician_a],
        capacity=12,
        room=room,
    )


@pytest.fixture
def stepping_down(phases, make_patient, program_a, clinician_a):
    """Admitted 16 October (Phase 1, the evening track); the test steps them down."""
    return make_patient(program_a, acting_user=clinician_a)[1]


@pytest.fixture
def staying(phases, make_patient, program_a, clinician_a):
    return make_patient(program_a, acting_user=clinician_a)[1]


def _step_down(episode, clinician, phase, effective_on=STEP_DOWN_ON):
    return episode_transfer(
        acting_user=clinician,
        episode=episode,
        effective_on=effective_on,
        reason="Stable for three weeks; steps down to three days",
        kind=LevelOfCareChangeKind.STEP_DOWN,
        phase=phase,
    )


def _session_on(series, day: date):
    return next(s for s in series.sessions.all() if s.starts_at.astimezone(NEW_YORK).date() == day)


def _days(sessions) -> list[str]:
    return [s.starts_at.astimezone(NEW_YORK).date().isoformat() for s in sessions]


def test_admission_puts_the_patient_in_the_first_phase(stepping_down, phases):
    assert stepping_down.phase == phases[0]
    assert stepping_down.level_history.get().phase == phases[0]


def test_in_phase_1_the_patient_is_on_the_roster_every_weekday(weekday_group, stepping_down):
    first_week = [s for s in weekday_group.sessions.all() if s.starts_at.astimezone(NEW_YORK).date() < WEEK_2]
    assert len(first_week) == 5
    assert all(stepping_down in roster(session=s) for s in first_week)


def test_before_the_step_down_date_the_patient_is_still_expected_on_tuesday(
    weekday_group, stepping_down, clinician_a, phases
):
    _step_down(stepping_down, clinician_a, phases[1])
    assert stepping_down in roster(session=_session_on(weekday_group, date(2026, 10, 27)))


def test_from_the_step_down_date_only_monday_wednesday_and_friday_rosters_hold_the_patient(
    weekday_group, stepping_down, clinician_a, phases
):
    _step_down(stepping_down, clinician_a, phases[1])
    expected = {
        date(2026, 10, 28): True,  # Wednesday, the first day of Phase 2
        date(2026, 10, 29): False,
        date(2026, 10, 30): True,
        date(2026, 11, 2): True,
        date(2026, 11, 3): False,
        date(2026, 11, 4): True,
        date(2026, 11, 5): False,
        date(2026, 11, 6): True,
    }
    found = {day: stepping_down in roster(session=_session_on(weekday_group, day)) for day in expected}
    assert found == expected


def test_the_scheduled_hours_drop_from_the_step_down_date(weekday_group, stepping_down, clinician_a, phases):
    _step_down(stepping_down, clinician_a, phases[1])
    scheduled = {
        week: week_hours(episode=stepping_down, week_start=week, now=NOW).scheduled_minutes
        for week in (WEEK_1, WEEK_2, WEEK_3)
    }
    assert scheduled == {
        WEEK_1: 5 * THREE_HOURS,
        WEEK_2: 4 * THREE_HOURS,  # Mon, Tue still in Phase 1; Wed and Fri in Phase 2
        WEEK_3: 3 * THREE_HOURS,
    }
    hours = week_hours(episode=stepping_down, week_start=WEEK_3, now=NOW)
    assert hours.scheduled_minutes_by_day[date(2026, 11, 3)] == 0
    assert hours.scheduled_minutes_by_day[date(2026, 11, 4)] == THREE_HOURS


def test_the_program_wide_hours_agree_with_the_patient_s_own(
    weekday_group, stepping_down, staying, clinician_a, phases, program_a
):
    _step_down(stepping_down, clinician_a, phases[1])
    rows = dict(program_week_hours(program=program_a, week_starts=[WEEK_2, WEEK_3], now=NOW))
    by_episode = {episode.pk: [w.scheduled_minutes for w in weeks] for episode, weeks in rows.items()}
    assert by_episode[stepping_down.pk] == [4 * THREE_HOURS, 3 * THREE_HOURS]
    assert by_episode[staying.pk] == [5 * THREE_HOURS, 5 * THREE_HOURS]


def test_the_patient_s_calendar_shows_only_their_phase_days(weekday_group, stepping_down, clinician_a, phases):
    _step_down(stepping_down, clinician_a, phases[1])
    window = calendar_selectors.week_window(WEEK_2, "America/New_York", weeks=2)
    sessions = calendar_selectors.patient_sessions(
        episode=stepping_down, starts_at=window.starts_at, ends_at=window.ends_at
    )
    assert _days(sessions) == [
        "2026-10-26",
        "2026-10-27",
        "2026-10-28",
        "2026-10-30",
        "2026-11-02",
        "2026-11-04",
        "2026-11-06",
    ]


def test_roster_sizes_on_the_calendar_agree_with_the_rosters(
    weekday_group, stepping_down, staying, clinician_a, phases
):
    _step_down(stepping_down, clinician_a, phases[1])
    window = calendar_selectors.week_window(WEEK_3, "America/New_York")
    sessions = calendar_selectors.track_sessions(
        track=weekday_group.track, starts_at=window.starts_at, ends_at=window.ends_at
    )
    sizes = calendar_selectors.roster_sizes(sessions)
    assert [sizes[s.pk] for s in sessions] == [2, 1, 2, 1, 2]
    assert [sizes[s.pk] for s in sessions] == [len(roster(session=s)) for s in sessions]


def test_recorded_attendance_keeps_the_patient_on_a_roster_their_new_phase_leaves_out(
    weekday_group, stepping_down, clinician_a, phases
):
    thursday = _session_on(weekday_group, date(2026, 10, 29))
    attendance_record(acting_user=clinician_a, session=thursday, entries={stepping_down.pk: ("present", None)})
    # Dated back to Wednesday: Thursday is no longer one of the patient's days, but they did attend.
    _step_down(stepping_down, clinician_a, phases[1])

    assert stepping_down in roster(session=thursday)
    window = calendar_selectors.week_window(WEEK_2, "America/New_York")
    sessions = calendar_selectors.patient_sessions(
        episode=stepping_down, starts_at=window.starts_at, ends_at=window.ends_at
    )
    assert "2026-10-29" in _days(sessions)
    hours = week_hours(episode=stepping_down, week_start=WEEK_2, now=NOW)
    assert hours.attended_minutes == THREE_HOURS
    assert hours.scheduled_minutes == 5 * THREE_HOURS


def test_a_patient_without_a_phase_is_expected_every_day_of_the_track(
    weekday_group, make_patient, program_a, clinician_a
):
    # No phases in the program: admission leaves the phase empty and every track session applies.
    episode = make_patient(program_a, acting_user=clinician_a)[1]
    assert episode.phase is None
    assert week_hours(episode=episode, week_start=WEEK_3, now=NOW).scheduled_minutes == 5 * THREE_HOURS
