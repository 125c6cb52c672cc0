"""When alumni check-ins fall due: pure date arithmetic over a program's check-in days."""

from dataclasses import dataclass
from datetime import date, timedelta

from .checkin_rules import CHECKIN_DUE_WINDOW_DAYS, DEFAULT_CHECKIN_DAYS


class CheckInState:
    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    LINK_SENT = "link_sent"
    ANSWERED = "answered"


@dataclass(frozen=True)
class ScheduledCheckIn:
    episode: object
    day_number: int
    due_on: date
    state: str
    checkin: object | None  # the AlumniCheckIn row, once a link was issued


def checkin_days_for(program) -> list[int]:
    """The program's check-in days, from its AftercareSettings if it has any (prefetched or not)."""
    try:
        return list(program.aftercare_settings.checkin_days)
    except program.__class__.aftercare_settings.RelatedObjectDoesNotExist:
        return list(DEFAULT_CHECKIN_DAYS)


def checkin_due_on(episode, day_number: int) -> date:
    return episode.discharged_on + timedelta(days=day_number)


def state_of(due_on: date, checkin, today: date, now) -> str:
    if checkin is not None and checkin.answered_at is not None:
        return CheckInState.ANSWERED
    if checkin is not None and checkin.expires_at and checkin.expires_at > now:
        return CheckInState.LINK_SENT
    if due_on > today:
        return CheckInState.UPCOMING
    if (today - due_on).days <= CHECKIN_DUE_WINDOW_DAYS:
        return CheckInState.DUE
    return CheckInState.OVERDUE


def checkin_schedule(
    episode, *, days: list[int], checkins: dict[int, object], today: date, now
) -> list[ScheduledCheckIn]:
    """Every check-in of one discharged episode, with its state; ``checkins`` maps day number to row."""
    schedule = []
    for day_number in days:
        due_on = checkin_due_on(episode, day_number)
        checkin = checkins.get(day_number)
        schedule.append(
            ScheduledCheckIn(
                episode=episode,
                day_number=day_number,
                due_on=due_on,
                state=state_of(due_on, checkin, today, now),
                checkin=checkin,
            )
        )
    # Rows for days later removed from the program's schedule still show once they exist.
    for day_number, checkin in checkins.items():
        if day_number not in days:
            schedule.append(
                ScheduledCheckIn(
                    episode, day_number, checkin.due_on, state_of(checkin.due_on, checkin, today, now), checkin
                )
            )
    return sorted(schedule, key=lambda item: item.day_number)
