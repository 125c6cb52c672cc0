from datetime import date
from zoneinfo import ZoneInfo, available_timezones

from django.core.exceptions import ValidationError
from django.utils import timezone


def validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(f"{value!r} is not an IANA time zone such as America/New_York")


def local_today(time_zone: str) -> date:
    """Today's date in a program's zone: admission and discharge dates are local dates."""
    return timezone.localdate(timezone=ZoneInfo(time_zone))


def local_time(moment, fmt: str = "%Y-%m-%d %H:%M", time_zone: str | None = None) -> str:
    """A stored (UTC) moment as text in a zone: the active one (the program's, set by
    core.middleware.ProgramTimezoneMiddleware) unless named. Pages name the zone once (base.html), so the
    text carries no zone of its own. Templates use Django's ``date`` filter, which does the same."""
    return timezone.localtime(moment, ZoneInfo(time_zone) if time_zone else None).strftime(fmt)


def local_date(moment, time_zone: str | None = None) -> date:
    """The calendar date of a stored (UTC) moment in a zone: the active one unless named."""
    return timezone.localtime(moment, ZoneInfo(time_zone) if time_zone else None).date()
