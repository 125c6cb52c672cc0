"""Which measures are due: a pure function of an episode, the program's rules and when each instrument
was last given. Selectors feed it rows fetched in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, timedelta

from openiop.episodes.models import EpisodeStatus

from .models import ScheduleTrigger

# Results from this many days before admission count for an admission measure (intake screens).
ADMISSION_LOOKBACK_DAYS = 7
# Finished episodes stay on the due list this long after discharge, for discharge and follow-up measures.
FOLLOW_UP_HORIZON_DAYS = 400


@dataclass(frozen=True)
class DueMeasure:
    episode: object
    instrument: str
    trigger: str
    due_on: date
    overdue_after: date

    interval_days: int | None = None

    @property
    def trigger_label(self) -> str:
        if self.trigger == ScheduleTrigger.RECURRING:
            return "weekly" if self.interval_days == 7 else f"every {self.interval_days} days"
        if self.trigger == ScheduleTrigger.AFTER_DISCHARGE:
            return f"{self.interval_days} days after discharge"
        return ScheduleTrigger(self.trigger).label.lower()

    def status(self, today: date) -> str:
        return "overdue" if today > self.overdue_after else "due"


def due_for_episode(*, episode, rules, last_given: dict[str, list[date]], today: date) -> list[DueMeasure]:
    """Measures due or overdue today for one episode.

    ``last_given`` maps instrument → the dates it was given for this patient, oldest first.
    """
    due = []
    for rule in rules:
        dates = last_given.get(rule.instrument, [])
        due_on = _due_date(rule, episode, dates)
        if due_on is not None and due_on <= today:
            window = timedelta(days=rule.window_days)
            due.append(DueMeasure(episode, rule.instrument, rule.trigger, due_on, due_on + window, rule.interval_days))
    return sorted(due, key=lambda d: (d.due_on, d.instrument))


def _given_since(dates: list[date], since: date) -> bool:
    return any(day >= since for day in dates)


def _due_date(rule, episode, dates: list[date]) -> date | None:
    admitted, discharged = episode.admitted_on, episode.discharged_on
    # A cancelled episode owes nothing; a discharged one owes only its discharge and follow-up measures.
    if admitted is None or getattr(episode, "status", None) == EpisodeStatus.CANCELLED:
        return None
    in_treatment = discharged is None
    if rule.trigger == ScheduleTrigger.ADMISSION:
        if not in_treatment:
            return None
        return None if _given_since(dates, admitted - timedelta(days=ADMISSION_LOOKBACK_DAYS)) else admitted
    if rule.trigger == ScheduleTrigger.RECURRING:
        if not in_treatment:
            return None
        since_admission = [day for day in dates if day >= admitted - timedelta(days=ADMISSION_LOOKBACK_DAYS)]
        start = since_admission[-1] if since_admission else admitted
        return start + timedelta(days=rule.interval_days)
    if rule.trigger == ScheduleTrigger.DISCHARGE:
        if in_treatment:
            return None
        return None if _given_since(dates, discharged - timedelta(days=rule.window_days)) else discharged
    if rule.trigger == ScheduleTrigger.AFTER_DISCHARGE:
        if in_treatment:
            return None
        due_on = discharged + timedelta(days=rule.interval_days)
        return None if _given_since(dates, due_on - timedelta(days=rule.window_days)) else due_on
    return None
