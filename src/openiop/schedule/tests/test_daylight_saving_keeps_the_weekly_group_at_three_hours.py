"""A weekly group at 18:00 local keeps its wall-clock time and its 3 hours across US daylight-saving changes.

In 2026 US clocks spring forward on Sunday 8 March and fall back on Sunday 1 November.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import WEEKLY, rrule

from openiop.schedule.hours import ServiceSegment, week_of

from . import week

CHICAGO = "America/Chicago"


def sunday_group(first_sunday: datetime, weeks: int) -> list[ServiceSegment]:
    """The group as the schedule app will make it: a wall-clock rule, each occurrence placed in the zone."""
    zone = ZoneInfo(CHICAGO)
    segments = []
    for wall_clock in rrule(WEEKLY, dtstart=first_sunday, count=weeks):
        start = wall_clock.replace(tzinfo=zone)
        end = (wall_clock + timedelta(hours=3)).replace(tzinfo=zone)
        segments.append(ServiceSegment(start=start, end=end, status="attended", attended_minutes=180))
    return segments


@pytest.mark.parametrize(
    ("first_sunday", "change_day"),
    [(datetime(2026, 3, 1, 18), date(2026, 3, 8)), (datetime(2026, 10, 25, 18), date(2026, 11, 1))],
    ids=["spring_forward", "fall_back"],
)
def test_the_1800_group_counts_three_hours_in_the_weeks_around_the_change(first_sunday, change_day):
    segments = sunday_group(first_sunday, weeks=3)
    assert change_day in [segment.start.date() for segment in segments]
    for segment in segments:
        monday = week_of(segment.start, CHICAGO)
        result = week(segments, week_start=monday, zone=CHICAGO)
        assert segment.start.hour == 18
        assert result.attended_minutes == 180
        assert result.attended_minutes_by_day[segment.start.date()] == 180


def test_the_group_moves_an_hour_in_utc_when_the_clocks_change():
    before, on_the_day, after = sunday_group(datetime(2026, 3, 1, 18), weeks=3)
    assert before.start.astimezone(UTC).hour == 0
    assert on_the_day.start.astimezone(UTC).hour == 23
    assert after.start.astimezone(UTC).hour == 23


def test_a_night_session_across_spring_forward_counts_its_real_elapsed_time():
    zone = ZoneInfo(CHICAGO)
    overnight = ServiceSegment(
        start=datetime(2026, 3, 7, 23, 0, tzinfo=zone),
        end=datetime(2026, 3, 8, 3, 0, tzinfo=zone),
        status="attended",
        attended_minutes=180,
    )
    assert overnight.length_minutes == 180
    result = week([overnight], week_start=date(2026, 3, 2), zone=CHICAGO)
    assert result.attended_minutes_by_day[date(2026, 3, 7)] == 60
    assert result.attended_minutes_by_day[date(2026, 3, 8)] == 120


def test_a_night_session_across_fall_back_counts_the_repeated_hour():
    zone = ZoneInfo(CHICAGO)
    overnight = ServiceSegment(
        start=datetime(2026, 11, 1, 0, 0, tzinfo=zone),
        end=datetime(2026, 11, 1, 3, 0, tzinfo=zone),
        status="attended",
        attended_minutes=240,
    )
    assert overnight.length_minutes == 240
    result = week([overnight], week_start=date(2026, 10, 26), zone=CHICAGO)
    assert result.attended_minutes == 240
