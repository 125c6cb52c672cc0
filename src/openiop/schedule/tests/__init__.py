"""Helpers the hours tests share: sessions written in the program's local time, and one call per week.

The usual test week is Monday 2 February to Sunday 8 February 2026 in New York, judged after it ended.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from openiop.schedule.hours import ServiceSegment, weekly_hours

ZONE = "America/New_York"
MONDAY = date(2026, 2, 2)
AFTER_THE_WEEK = datetime(2026, 2, 10, 12, 0, tzinfo=UTC)


def day(offset: int) -> date:
    """The test week's day: 0 is Monday, 6 is Sunday."""
    return MONDAY + timedelta(days=offset)


def local(on: date, hour: int, minute: int = 0, zone: str = ZONE) -> datetime:
    return datetime(on.year, on.month, on.day, hour, minute, tzinfo=ZoneInfo(zone))


def session(
    on: date,
    hour: int = 18,
    *,
    minute: int = 0,
    minutes: int = 180,
    status: str = "attended",
    attended: int | None = None,
    zone: str = ZONE,
    counts_toward_hours: bool = True,
) -> ServiceSegment:
    """A session starting at a local wall-clock time and lasting ``minutes`` of elapsed time.

    Attended sessions default to attending all of it.
    """
    start = local(on, hour, minute, zone)
    end = (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(ZoneInfo(zone))
    if status == "attended" and attended is None:
        attended = minutes
    return ServiceSegment(
        start=start,
        end=end,
        status=status,
        attended_minutes=attended,
        counts_toward_hours=counts_toward_hours,
    )


def week(
    segments,
    *,
    week_start: date = MONDAY,
    now: datetime = AFTER_THE_WEEK,
    level: tuple[str, str] = ("asam3", "2.1"),
    population: str = "adult",
    payer_codes=(),
    zone: str = ZONE,
):
    return weekly_hours(
        segments=segments,
        week_start=week_start,
        time_zone=zone,
        now=now,
        level=level,
        population=population,
        payer_codes=list(payer_codes),
    )
