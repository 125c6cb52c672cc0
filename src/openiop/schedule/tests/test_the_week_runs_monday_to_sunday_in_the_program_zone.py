"""Weeks run Monday to Sunday in the program's time zone, not in UTC."""

from datetime import UTC, date, datetime

import pytest

from openiop.schedule.hours import week_bounds, week_of

from . import local, session, week

CHICAGO = "America/Chicago"
SUNDAY = date(2026, 2, 8)


def test_a_sunday_23_00_session_in_chicago_counts_for_that_week_though_it_is_monday_in_utc():
    late_sunday = session(SUNDAY, hour=23, minutes=60, zone=CHICAGO)
    assert late_sunday.start.astimezone(UTC).date() == date(2026, 2, 9)
    this_week = week([late_sunday], week_start=date(2026, 2, 2), zone=CHICAGO)
    next_week = week([late_sunday], week_start=date(2026, 2, 9), zone=CHICAGO)
    assert this_week.attended_minutes == 60
    assert this_week.attended_minutes_by_day[SUNDAY] == 60
    assert next_week.attended_minutes == 0


def test_week_of_a_moment_uses_the_program_zone():
    monday_in_utc = datetime(2026, 2, 9, 5, 0, tzinfo=UTC)
    assert week_of(monday_in_utc, CHICAGO) == date(2026, 2, 2)
    assert week_of(monday_in_utc, "UTC") == date(2026, 2, 9)


@pytest.mark.parametrize("offset", range(7))
def test_week_bounds_give_monday_and_sunday(offset):
    assert week_bounds(date(2026, 2, 2 + offset)) == (date(2026, 2, 2), date(2026, 2, 8))


def test_the_week_result_names_its_monday_and_sunday():
    result = week([session(SUNDAY, hour=10, zone=CHICAGO)], zone=CHICAGO)
    assert (result.week_start, result.week_end) == (date(2026, 2, 2), SUNDAY)
    assert list(result.attended_minutes_by_day) == [date(2026, 2, day) for day in range(2, 9)]


def test_the_week_ends_at_local_midnight_for_the_phase():
    just_before = local(date(2026, 2, 8), 23, 59, CHICAGO)
    just_after = local(date(2026, 2, 9), 0, 0, CHICAGO)
    assert week([], now=just_before, zone=CHICAGO).phase == "current"
    assert week([], now=just_after, zone=CHICAGO).phase == "past"
