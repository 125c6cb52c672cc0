"""Who is expected at a session: the one rule rosters, calendars and the hours engine share.

A patient is expected at
- an individual or family appointment booked for their episode; and
- a session of their track on a day they are in treatment (admitted on or before it, not discharged before
  it: rolling admission) that falls on one of the days of their phase on that date.

The phase on a date comes from the episode's level-of-care history (each row holds the whole placement from
its effective date), so a step-down from a date changes the expected schedule from that date only.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from datetime import date

from openiop.episodes.models import LevelOfCareChange

from .models import WEEKDAYS

# Per episode: (effective date, phase days or None for every day of the track), oldest first.
PhaseTimeline = list[tuple[date, frozenset[str] | None]]


def phase_timelines(episode_ids) -> dict[int, PhaseTimeline]:
    """Every given episode's phase history in one query."""
    rows = (
        LevelOfCareChange.objects.filter(episode_id__in=list(episode_ids))
        .order_by("effective_on", "recorded_at", "id")
        .values_list("episode_id", "effective_on", "phase__weekdays")
    )
    timelines: dict[int, PhaseTimeline] = defaultdict(list)
    for episode_id, effective_on, weekdays in rows:
        days = frozenset(d for d in weekdays.split(",") if d) if weekdays else None
        timelines[episode_id].append((effective_on, days))
    return timelines


def phase_days(timeline: PhaseTimeline, day: date) -> frozenset[str] | None:
    """The phase days in force on ``day``; None when no phase limits the days."""
    index = bisect_right([effective_on for effective_on, _ in timeline], day)
    return timeline[index - 1][1] if index else None


def in_treatment_on(episode, day: date) -> bool:
    return (episode.admitted_on is not None and episode.admitted_on <= day) and (
        episode.discharged_on is None or episode.discharged_on >= day
    )


def expected_at(episode, session, day: date, timeline: PhaseTimeline, *, in_window: bool | None = None) -> bool:
    """Whether ``episode`` is expected at ``session`` held on local ``day``.

    ``in_window`` overrides the in-treatment test (the patient's calendar also previews a planned episode).
    """
    if session.episode_id is not None:
        return session.episode_id == episode.pk
    if session.track_id is None or session.track_id != episode.track_id:
        return False
    if not (in_treatment_on(episode, day) if in_window is None else in_window):
        return False
    days = phase_days(timeline, day)
    return days is None or WEEKDAYS[day.weekday()] in days
