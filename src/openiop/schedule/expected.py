"""Who is expected at a session: the one rule rosters, calendars and the hours engine share.

A patient is expected at
- an individual or family appointment booked for their episode; and
- a session of the track they were placed in on that day, while they were in treatment (admitted on or
  before it, not discharged before it: rolling admission), on one of the days of their phase on that day.

The placement on a date (track and phase) comes from the episode's level-of-care history, where each row
holds the whole placement from its effective date: a step-down or a move to another track from a date
changes the expected schedule from that date only, and earlier weeks keep the sessions they had.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from openiop.episodes.models import LevelOfCareChange
from openiop.programs.models import WEEKDAYS


@dataclass(frozen=True)
class Placement:
    effective_on: date
    track_id: int | None
    days: frozenset[str] | None  # the phase's days; None when no phase limits them


# Per episode, oldest first.
Timeline = list[Placement]


def placement_timelines(episode_ids) -> dict[int, Timeline]:
    """Every given episode's placement history in one query."""
    rows = (
        LevelOfCareChange.objects.filter(episode_id__in=list(episode_ids))
        .order_by("effective_on", "recorded_at", "id")
        .values_list("episode_id", "effective_on", "track_id", "phase__weekdays")
    )
    timelines: dict[int, Timeline] = defaultdict(list)
    for episode_id, effective_on, track_id, weekdays in rows:
        days = frozenset(d for d in weekdays.split(",") if d) if weekdays else None
        timelines[episode_id].append(Placement(effective_on, track_id, days))
    return timelines


def placement_on(episode, timeline: Timeline, day: date) -> Placement:
    """The placement in force on ``day``; before any history, the episode's current track with no phase."""
    index = bisect_right([p.effective_on for p in timeline], day)
    return timeline[index - 1] if index else Placement(day, episode.track_id, None)


def track_ids_of(episode, timeline: Timeline) -> set[int]:
    """Every track the episode has been placed in: where its expected sessions can be."""
    return {p.track_id for p in timeline if p.track_id} | ({episode.track_id} if episode.track_id else set())


def in_treatment_on(episode, day: date) -> bool:
    return (episode.admitted_on is not None and episode.admitted_on <= day) and (
        episode.discharged_on is None or episode.discharged_on >= day
    )


def expected_at(episode, session, day: date, timeline: Timeline, *, in_window: bool | None = None) -> bool:
    """Whether ``episode`` is expected at ``session`` held on local ``day``.

    ``in_window`` overrides the in-treatment test (the patient's calendar also previews a planned episode).
    """
    if session.episode_id is not None:
        return session.episode_id == episode.pk
    if session.track_id is None:
        return False
    if not (in_treatment_on(episode, day) if in_window is None else in_window):
        return False
    placement = placement_on(episode, timeline, day)
    if placement.track_id != session.track_id:
        return False
    return placement.days is None or WEEKDAYS[day.weekday()] in placement.days
