"""One patient's service hours in one week, checked against level-of-care and payer rules.

Pure: no ORM and no settings, so it runs in a view, a worker, a report or a test alike. The schedule app
turns session occurrences into ``ServiceSegment``s and calls ``weekly_hours``; the rules and their numbers
live in ``hours_rules.py``.

Time (DESIGN.md rule 8): weeks run Monday to Sunday in the program's zone. Every instant is compared in UTC,
because Python compares and subtracts aware datetimes that share a tzinfo by wall clock, which is an hour
wrong across a daylight-saving change. A session that crosses local midnight is split between the two days
in proportion to its length, and its attended minutes in proportion to that split.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from openiop.programs.hours_rules import (
    PAYER_RULES,
    POPULATIONS,
    DailyMinimum,
    HoursRule,
    WeeklyMaximum,
    WeeklyMinimum,
    level_rule,
    threshold_text,
)
from openiop.programs.levels import EDITIONS, LEVELS

SEGMENT_STATUSES = ("attended", "scheduled", "absent_excused", "absent_unexcused", "cancelled")
CHECK_STATUSES = ("met", "on_track", "at_risk", "cannot_reach", "not_met", "exceeds_maximum")
WEEK_PHASES = ("past", "current", "future")

_ONE_DAY = timedelta(days=1)
_MICROSECOND = timedelta(microseconds=1)


class HoursInputError(ValueError):
    """Input the engine refuses. The message starts with the field and says what is allowed;
    ``field`` lets a form attach the error to the right input."""

    def __init__(self, field_name: str, message: str):
        super().__init__(f"{field_name}: {message}")
        self.field = field_name


# --- Inputs -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceSegment:
    """One session occurrence for one patient.

    ``attended_minutes`` is given for attended sessions only and may be less than the length (late, left
    early). "scheduled" sessions are not yet held, or held with no attendance recorded yet. Sessions with
    ``counts_toward_hours`` False (a social event, say) are ignored by every total and rule.
    """

    start: datetime
    end: datetime
    status: str
    attended_minutes: int | None = None
    counts_toward_hours: bool = True
    start_utc: datetime = field(init=False, repr=False, compare=False)
    end_utc: datetime = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "start_utc", _aware_utc("start", self.start))
        object.__setattr__(self, "end_utc", _aware_utc("end", self.end))
        if self.end_utc <= self.start_utc:
            raise HoursInputError(
                "end",
                f"{self.end.isoformat()} is not after start {self.start.isoformat()}; a session ends after it starts",
            )
        if self.status not in SEGMENT_STATUSES:
            raise HoursInputError(
                "status", f"{self.status!r} is not allowed; allowed values are {', '.join(SEGMENT_STATUSES)}"
            )
        if type(self.counts_toward_hours) is not bool:
            raise HoursInputError(
                "counts_toward_hours", f"{self.counts_toward_hours!r} is not allowed; use True or False"
            )
        self._check_attended_minutes()

    def _check_attended_minutes(self) -> None:
        length = self.length_minutes
        allowed = f"allowed values are 0 to {length} (the session's length in minutes)"
        if self.status != "attended":
            if self.attended_minutes is not None:
                raise HoursInputError(
                    "attended_minutes",
                    f"only attended sessions have attended minutes; this session is {self.status!r}, so leave it None",
                )
            return
        if self.attended_minutes is None:
            raise HoursInputError("attended_minutes", f"an attended session needs its attended minutes; {allowed}")
        if type(self.attended_minutes) is not int:
            kind = type(self.attended_minutes).__name__
            raise HoursInputError(
                "attended_minutes", f"{self.attended_minutes!r} ({kind}) is not a whole number of minutes; {allowed}"
            )
        if self.attended_minutes < 0:
            raise HoursInputError("attended_minutes", f"{self.attended_minutes} is negative; {allowed}")
        if self.attended_minutes > length:
            raise HoursInputError(
                "attended_minutes", f"{self.attended_minutes} is more than the session's {length} minutes; {allowed}"
            )

    @property
    def length_minutes(self) -> int:
        """Elapsed whole minutes: a 01:00-03:00 session on a spring-forward night is 60, not 120."""
        return (self.end_utc - self.start_utc) // timedelta(minutes=1)


# --- Outputs ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleCheck:
    """How the week stands against one rule.

    ``status``: past weeks are "met" or "not_met"; the current (or a future) week is "met" once met,
    "on_track" when attending every remaining scheduled session would meet it, "cannot_reach" otherwise.
    A maximum is "exceeds_maximum" once reached and, in the current week, "at_risk" when the remaining
    schedule would reach it. ``reasons`` explain a shortfall in plain words with numbers.
    ``billable_days`` is set for per-day payer rules; ``qualifies`` and ``can_still_qualify`` for those
    that also need a number of billable days in the week (H0015).
    """

    code: str
    title: str
    source: str
    confidence: str
    requirement: str
    status: str
    reasons: tuple[str, ...] = ()
    note: str = ""
    billable_days: tuple[date, ...] | None = None
    qualifies: bool | None = None
    can_still_qualify: bool | None = None
    rule: HoursRule | None = field(default=None, repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "title": self.title,
            "source": self.source,
            "confidence": self.confidence,
            "requirement": self.requirement,
            "status": self.status,
            "reasons": list(self.reasons),
            "note": self.note,
        }
        if self.billable_days is not None:
            data["billable_days"] = [day.isoformat() for day in self.billable_days]
        if self.qualifies is not None:
            data["qualifies"] = self.qualifies
            data["can_still_qualify"] = self.can_still_qualify
        return data


@dataclass(frozen=True)
class WeekHours:
    """One patient's week. Minutes only count sessions with ``counts_toward_hours``.

    ``scheduled_minutes`` covers every non-cancelled session (attended, missed, still to come, or not
    recorded); ``remaining_scheduled_minutes`` the sessions still marked scheduled that have not ended at
    ``now``; ``projected_minutes`` is attended plus remaining. The by-day maps hold all seven local days.
    """

    week_start: date
    week_end: date
    time_zone: str
    level: tuple[str, str]
    population: str
    phase: str
    scheduled_minutes: int
    attended_minutes: int
    remaining_scheduled_minutes: int
    projected_minutes: int
    days_attended: int
    attended_minutes_by_day: dict[date, int]
    scheduled_minutes_by_day: dict[date, int]
    missed_sessions: int
    missed_minutes: int
    late_or_early_minutes_lost: int
    cancelled_sessions: int
    cancelled_minutes: int
    unrecorded_sessions: int
    unrecorded_minutes: int
    checks: tuple[RuleCheck, ...]

    def check(self, code: str) -> RuleCheck:
        for rule_check in self.checks:
            if rule_check.code == code:
                return rule_check
        known = ", ".join(c.code for c in self.checks) or "none"
        raise KeyError(f"no check {code!r} this week; checks are {known}")

    def as_dict(self) -> dict[str, Any]:
        return {
            "week_start": self.week_start.isoformat(),
            "week_end": self.week_end.isoformat(),
            "time_zone": self.time_zone,
            "level": list(self.level),
            "population": self.population,
            "phase": self.phase,
            "scheduled_minutes": self.scheduled_minutes,
            "attended_minutes": self.attended_minutes,
            "remaining_scheduled_minutes": self.remaining_scheduled_minutes,
            "projected_minutes": self.projected_minutes,
            "days_attended": self.days_attended,
            "attended_minutes_by_day": {d.isoformat(): m for d, m in self.attended_minutes_by_day.items()},
            "scheduled_minutes_by_day": {d.isoformat(): m for d, m in self.scheduled_minutes_by_day.items()},
            "checks": [c.as_dict() for c in self.checks],
        }


# --- Weeks ------------------------------------------------------------------------------------------------


def week_bounds(day: date) -> tuple[date, date]:
    """The Monday and Sunday of the week holding ``day`` (a local date)."""
    if isinstance(day, datetime) or not isinstance(day, date):
        raise HoursInputError(
            "day", f"{day!r} is not a date; give a local date, or use week_of(moment, time_zone) for a moment"
        )
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def week_of(moment: datetime, time_zone: str | tzinfo) -> date:
    """The Monday of the program-zone week in which ``moment`` falls."""
    zone = _zone(time_zone)
    local_day = _aware_utc("moment", moment).astimezone(zone).date()
    return week_bounds(local_day)[0]


# --- The engine -------------------------------------------------------------------------------------------


def weekly_hours(
    *,
    segments: Sequence[ServiceSegment],
    week_start: date,
    time_zone: str,
    now: datetime,
    level: tuple[str, str],
    population: str,
    payer_codes: Sequence[str],
) -> WeekHours:
    """Total one patient's week and check it against the level's rule and the chosen payer rules.

    ``segments`` may include sessions outside the week; only the part of each inside it counts. Checks
    come in order: the level's rule (if it has one), then the payer rules in the order given.
    """
    zone = _zone(time_zone)
    _require_monday(week_start)
    now_utc = _aware_utc("now", now)
    level = _level(level)
    if population not in POPULATIONS:
        raise HoursInputError(
            "population", f"{population!r} is not allowed; allowed values are {', '.join(POPULATIONS)}"
        )
    rules = _rules(level, population, payer_codes)

    week_begins = _local_midnight(week_start, zone)
    week_ends = _local_midnight(week_start + 7 * _ONE_DAY, zone)
    if now_utc >= week_ends:
        phase = "past"
    elif now_utc < week_begins:
        phase = "future"
    else:
        phase = "current"

    tally = _Tally([week_start + offset * _ONE_DAY for offset in range(7)])
    for index, segment in enumerate(segments):
        if not isinstance(segment, ServiceSegment):
            raise HoursInputError(f"segments[{index}]", f"expected a ServiceSegment, got {type(segment).__name__}")
        if segment.counts_toward_hours and segment.start_utc < week_ends and segment.end_utc > week_begins:
            still_to_come = phase != "past" and segment.end_utc > now_utc
            tally.add(segment, _split_by_local_day(segment, zone), still_to_come)

    checks = tuple(_check(rule, tally, phase) for rule in rules)
    return WeekHours(
        week_start=week_start,
        week_end=week_start + 6 * _ONE_DAY,
        time_zone=str(time_zone),
        level=level,
        population=population,
        phase=phase,
        scheduled_minutes=tally.scheduled,
        attended_minutes=tally.attended,
        remaining_scheduled_minutes=tally.remaining,
        projected_minutes=tally.attended + tally.remaining,
        days_attended=sum(1 for minutes in tally.attended_by_day.values() if minutes > 0),
        attended_minutes_by_day=dict(tally.attended_by_day),
        scheduled_minutes_by_day=dict(tally.scheduled_by_day),
        missed_sessions=tally.missed_sessions,
        missed_minutes=tally.missed_minutes,
        late_or_early_minutes_lost=tally.lost_minutes,
        cancelled_sessions=tally.cancelled_sessions,
        cancelled_minutes=tally.cancelled_minutes,
        unrecorded_sessions=tally.unrecorded_sessions,
        unrecorded_minutes=tally.unrecorded_minutes,
        checks=checks,
    )


class _Tally:
    """Running totals for the seven days of one week."""

    def __init__(self, days: list[date]):
        self.days = days
        self.scheduled_by_day = dict.fromkeys(days, 0)
        self.attended_by_day = dict.fromkeys(days, 0)
        self.remaining_by_day = dict.fromkeys(days, 0)
        self.missed_sessions = self.missed_minutes = 0
        self.cancelled_sessions = self.cancelled_minutes = 0
        self.unrecorded_sessions = self.unrecorded_minutes = 0
        self.lost_minutes = 0

    def add(self, segment: ServiceSegment, pieces: list[tuple[date, int, int]], still_to_come: bool) -> None:
        pieces = [piece for piece in pieces if piece[0] in self.scheduled_by_day]
        length = sum(scheduled for _, scheduled, _ in pieces)
        if length == 0:
            # Seconds over the week's edge: the session belongs to the neighbouring week.
            return
        if segment.status == "cancelled":
            self.cancelled_sessions += 1
            self.cancelled_minutes += length
            return
        for day, scheduled, attended in pieces:
            self.scheduled_by_day[day] += scheduled
            if segment.status == "attended":
                self.attended_by_day[day] += attended
                self.lost_minutes += scheduled - attended
            elif segment.status == "scheduled" and still_to_come:
                self.remaining_by_day[day] += scheduled
        if segment.status in ("absent_excused", "absent_unexcused"):
            self.missed_sessions += 1
            self.missed_minutes += length
        elif segment.status == "scheduled" and not still_to_come:
            self.unrecorded_sessions += 1
            self.unrecorded_minutes += length

    @property
    def scheduled(self) -> int:
        return sum(self.scheduled_by_day.values())

    @property
    def attended(self) -> int:
        return sum(self.attended_by_day.values())

    @property
    def remaining(self) -> int:
        return sum(self.remaining_by_day.values())


def _split_by_local_day(segment: ServiceSegment, zone: tzinfo) -> list[tuple[date, int, int]]:
    """(local day, scheduled minutes, attended minutes) for each local day the session touches.

    Scheduled minutes follow the elapsed time on each day; attended minutes are then shared out over the
    scheduled ones, so no day can show more attended than scheduled and the days sum exactly.
    """
    days: list[date] = []
    weights: list[int] = []
    cursor = segment.start_utc
    day = cursor.astimezone(zone).date()
    while cursor < segment.end_utc:
        piece_end = min(_local_midnight(day + _ONE_DAY, zone), segment.end_utc)
        if piece_end > cursor:
            days.append(day)
            weights.append((piece_end - cursor) // _MICROSECOND)
            cursor = piece_end
        day += _ONE_DAY
    scheduled = _apportion(segment.length_minutes, weights)
    attended = _apportion(segment.attended_minutes or 0, scheduled)
    return list(zip(days, scheduled, attended, strict=True))


def _local_midnight(day: date, zone: tzinfo) -> datetime:
    # Where a zone skips midnight, zoneinfo resolves it with the offset before the change: still one instant.
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def _apportion(total: int, weights: list[int]) -> list[int]:
    """Share ``total`` in proportion to ``weights`` by rounding the running sum, so the shares add up exactly."""
    whole = sum(weights)
    if whole == 0:
        return [0] * len(weights)
    shares = []
    running = given = 0
    for weight in weights:
        running += weight
        upto = total * running // whole
        shares.append(upto - given)
        given = upto
    return shares


# --- Checks -----------------------------------------------------------------------------------------------


def _check(rule: HoursRule, tally: _Tally, phase: str) -> RuleCheck:
    if isinstance(rule, WeeklyMinimum):
        return _weekly_minimum(rule, tally, phase)
    if isinstance(rule, WeeklyMaximum):
        return _weekly_maximum(rule, tally, phase)
    if isinstance(rule, DailyMinimum):
        return _daily_minimum(rule, tally, phase)
    raise TypeError(f"no check for rule type {type(rule).__name__}")


def _result(rule: HoursRule, status: str, reasons: list[str], **extra: Any) -> RuleCheck:
    return RuleCheck(
        code=rule.code,
        title=rule.title,
        source=rule.source,
        confidence=rule.confidence,
        requirement=rule.requirement,
        status=status,
        reasons=tuple(reasons),
        note=rule.note,
        rule=rule,
        **extra,
    )


def _weekly_minimum(rule: WeeklyMinimum, tally: _Tally, phase: str) -> RuleCheck:
    needs = threshold_text(rule.minutes)
    if rule.measure == "scheduled":
        if tally.scheduled >= rule.minutes:
            return _result(rule, "met", [])
        reasons = [f"only {_amount(tally.scheduled)} scheduled this week (needs {needs})"]
        if tally.cancelled_sessions:
            reasons.append(_sessions(tally.cancelled_sessions, "cancelled", tally.cancelled_minutes))
        return _result(rule, "not_met" if phase == "past" else "cannot_reach", reasons)

    attended, remaining = tally.attended, tally.remaining
    if attended >= rule.minutes:
        return _result(rule, "met", [])
    if phase == "past":
        status = "not_met"
        summary = f"{_amount(attended)} attended (needs {needs})"
    elif attended + remaining >= rule.minutes:
        status = "on_track"
        summary = f"needs {_amount(rule.minutes - attended)} more; {_amount(remaining)} still scheduled"
    else:
        status = "cannot_reach"
        summary = (
            f"at most {_amount(attended + remaining)} possible: {_amount(attended)} attended + "
            f"{_amount(remaining)} still scheduled (needs {needs})"
        )
    reasons = [summary, *_causes(tally)]
    if tally.scheduled < rule.minutes:
        reasons.append(f"only {_amount(tally.scheduled)} scheduled this week (needs {needs})")
    return _result(rule, status, reasons)


def _weekly_maximum(rule: WeeklyMaximum, tally: _Tally, phase: str) -> RuleCheck:
    limit = threshold_text(rule.below_minutes)
    attended, remaining = tally.attended, tally.remaining
    if attended >= rule.below_minutes:
        return _result(rule, "exceeds_maximum", [f"{_amount(attended)} attended (must stay under {limit})"])
    if phase != "past" and attended + remaining >= rule.below_minutes:
        reason = (
            f"{_amount(attended)} attended + {_amount(remaining)} still scheduled would reach "
            f"{_amount(attended + remaining)} (must stay under {limit})"
        )
        return _result(rule, "at_risk", [reason])
    return _result(rule, "met" if phase == "past" else "on_track", [])


def _daily_minimum(rule: DailyMinimum, tally: _Tally, phase: str) -> RuleCheck:
    per_day = rule.minutes_per_day
    needs = threshold_text(per_day)
    days_needed = rule.days_per_week or 1
    billable = tuple(day for day in tally.days if tally.attended_by_day[day] >= per_day)
    reachable = [
        day
        for day in tally.days
        if phase != "past" and tally.attended_by_day[day] + tally.remaining_by_day[day] >= per_day
    ]
    if len(billable) >= days_needed:
        status = "met"
    elif phase == "past":
        status = "not_met"
    elif len(reachable) >= days_needed:
        status = "on_track"
    else:
        status = "cannot_reach"

    reasons = []
    if status != "met":
        reasons.append(_days_summary(rule, status, len(billable), len(reachable)))
    advice = f"; {rule.short_day_advice}" if rule.short_day_advice else ""
    for day in tally.days:
        attended = tally.attended_by_day[day]
        if 0 < attended < per_day and day not in reachable:
            reasons.append(f"{day:%a} {day.isoformat()}: {_amount(attended)} attended (needs {needs}){advice}")
    if status in ("not_met", "cannot_reach", "on_track"):
        reasons.extend(_causes(tally))
        days_scheduled = sum(1 for minutes in tally.scheduled_by_day.values() if minutes >= per_day)
        if days_scheduled < days_needed:
            reasons.append(f"only {_count(days_scheduled, 'day')} scheduled with {needs} or more (needs {days_needed})")

    extra: dict[str, Any] = {"billable_days": billable}
    if rule.days_per_week is not None:
        extra["qualifies"] = status == "met"
        extra["can_still_qualify"] = status in ("met", "on_track")
    return _result(rule, status, reasons, **extra)


def _days_summary(rule: DailyMinimum, status: str, billable: int, reachable: int) -> str:
    needs = threshold_text(rule.minutes_per_day)
    if rule.days_per_week is None:
        if status == "on_track":
            return f"no day with {needs} or more attended yet; {_count(reachable, 'day')} can still reach it"
        if status == "cannot_reach":
            return f"no day with {needs} or more attended, and no day can still reach it"
        return f"no day with {needs} or more attended"
    wanted = rule.days_per_week
    if status == "on_track":
        more = _count(reachable - billable, "more day")
        return f"{billable} of {wanted} days with {needs} or more so far; {more} can still reach it"
    if status == "cannot_reach":
        return f"at most {_count(reachable, 'day')} can reach {needs} (needs {wanted})"
    return f"only {_count(billable, 'day')} with {needs} or more attended (needs {wanted})"


def _causes(tally: _Tally) -> list[str]:
    """What took hours away this week, biggest kinds first as people ask about them."""
    causes = []
    if tally.missed_sessions:
        causes.append(f"missed {_count(tally.missed_sessions, 'session')} ({_amount(tally.missed_minutes)})")
    if tally.lost_minutes:
        causes.append(f"late or left early ({_amount(tally.lost_minutes)} lost)")
    if tally.cancelled_sessions:
        causes.append(_sessions(tally.cancelled_sessions, "cancelled", tally.cancelled_minutes))
    if tally.unrecorded_sessions:
        causes.append(
            f"{_count(tally.unrecorded_sessions, 'session')} ({_amount(tally.unrecorded_minutes)}) "
            "with no attendance recorded"
        )
    return causes


def _sessions(number: int, what: str, minutes: int) -> str:
    return f"{_count(number, 'session')} {what} ({_amount(minutes)})"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _amount(minutes: int) -> str:
    """Minutes as reasons show them: "45 min", "7.5 h", and "2 h 59 min" where tenths of an hour would round."""
    if minutes < 60:
        return f"{minutes} min"
    if minutes % 6 == 0:
        return f"{minutes / 60:.1f} h"
    return f"{minutes // 60} h {minutes % 60} min"


# --- Input checks -----------------------------------------------------------------------------------------


def _aware_utc(name: str, value: Any) -> datetime:
    if not isinstance(value, datetime):
        raise HoursInputError(name, f"{value!r} is not a datetime; give a time-zone-aware datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        raise HoursInputError(
            name, f"{value.isoformat()} has no time zone; give an aware datetime (UTC, or the program's zone)"
        )
    return value.astimezone(UTC)


def _zone(time_zone: Any) -> tzinfo:
    if isinstance(time_zone, tzinfo):
        return time_zone
    try:
        return ZoneInfo(time_zone)
    except (ValueError, TypeError, KeyError, OSError):
        # ZoneInfoNotFoundError is a KeyError; malformed names raise ValueError or TypeError.
        raise HoursInputError(
            "time_zone", f"{time_zone!r} is not an IANA time zone; use a name such as America/New_York"
        ) from None


def _require_monday(week_start: Any) -> None:
    if isinstance(week_start, datetime) or not isinstance(week_start, date):
        raise HoursInputError("week_start", f"{week_start!r} is not a date; give the Monday that starts the week")
    if week_start.weekday() != 0:
        raise HoursInputError(
            "week_start",
            f"{week_start.isoformat()} is a {week_start:%A}; weeks start on Monday "
            f"({week_bounds(week_start)[0].isoformat()} for this one)",
        )


def _level(level: Any) -> tuple[str, str]:
    as_pair = tuple(level) if isinstance(level, (tuple, list)) and all(isinstance(p, str) for p in level) else None
    if as_pair in LEVELS:
        return as_pair
    editions = ", ".join(EDITIONS)
    edition = as_pair[0] if as_pair and len(as_pair) == 2 else None
    if edition in EDITIONS:
        codes = ", ".join(code for e, code in LEVELS if e == edition)
        raise HoursInputError("level", f"{level!r} is not a level of care; codes in {edition}: {codes}")
    raise HoursInputError(
        "level",
        f"{level!r} is not a level of care; give (edition, code) such as ('asam3', '2.1'); editions: {editions}",
    )


def _rules(level: tuple[str, str], population: str, payer_codes: Any) -> list[HoursRule]:
    if isinstance(payer_codes, str) or not isinstance(payer_codes, Sequence):
        raise HoursInputError(
            "payer_codes", f"{payer_codes!r} is not a list of codes; give a list such as ['h0015'] (or [] for none)"
        )
    rules: list[HoursRule] = []
    own = level_rule(level, population)
    if own is not None:
        rules.append(own)
    for code in payer_codes:
        if not isinstance(code, str) or code not in PAYER_RULES:
            raise HoursInputError(
                "payer_codes", f"{code!r} is not a known payer rule; known codes are {', '.join(PAYER_RULES)}"
            )
        if PAYER_RULES[code] not in rules:
            rules.append(PAYER_RULES[code])
    return rules
