"""When a signed plan comes due for review (pure: no ORM).

The cadence is the program's ``plan_review_days`` (data on programs.Program). A change of level of care
after the plan was signed or last reviewed brings the review forward to the day of the change.
"""

from dataclasses import dataclass
from datetime import date, timedelta

DUE_SOON_DAYS = 7
# Level-of-care history kinds that change the placement while the episode goes on.
LEVEL_CHANGE_KINDS = ("transfer", "step_down", "step_up")


@dataclass(frozen=True)
class ReviewDue:
    due_on: date
    reason: str  # "cadence" or "level_of_care_change"

    def status(self, today: date) -> str:
        if self.due_on < today:
            return "overdue"
        if self.due_on <= today + timedelta(days=DUE_SOON_DAYS):
            return "due soon"
        return "scheduled"


def review_due(
    *, signed_on: date, last_reviewed_on: date | None, review_days: int, next_level_change_on: date | None
) -> ReviewDue:
    """``next_level_change_on``: the first level change strictly after the later of signing and last review."""
    anchor = max(signed_on, last_reviewed_on) if last_reviewed_on else signed_on
    by_cadence = anchor + timedelta(days=review_days)
    if next_level_change_on is not None and next_level_change_on > anchor and next_level_change_on < by_cadence:
        return ReviewDue(next_level_change_on, "level_of_care_change")
    return ReviewDue(by_cadence, "cadence")
