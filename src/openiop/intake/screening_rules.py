"""Pre-admission screening questions ("is IOP the right level?") and which answers point away from IOP.

This is data, not a decision: the screening page shows which answers point to a more intensive level, and
the clinician chooses the outcome. The mapping follows the public descriptions of ASAM placement
(clinical-standards.md §2.3): place by the highest-risk dimension at the least intensive level that can
safely address it, and the PPC-2R crosswalk's description of what Level II (IOP) can manage [C].
"""

from dataclasses import dataclass

from django.db import models


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Unknown"


class Direction(models.TextChoices):
    HIGHER = "higher", "Points to a more intensive level"
    FIT = "fit", "Questions whether IOP fits"


@dataclass(frozen=True)
class ScreeningQuestion:
    key: str
    text: str
    flag_when: str  # the answer that points away from IOP
    direction: str
    why: str
    source: str
    confidence: str  # C / S / U, as in clinical-standards.md


_PPC2R = "clinical-standards.md §2.3, ASAM PPC-2R crosswalk for Level II, the PPC-2R's name for IOP (docest.com)"

QUESTIONS: tuple[ScreeningQuestion, ...] = (
    ScreeningQuestion(
        "needs_withdrawal_management",
        "Needs withdrawal management (detox)?",
        Answer.YES,
        Direction.HIGHER,
        "IOP expects minimal withdrawal risk (Dimension 1); consider withdrawal management first.",
        _PPC2R,
        "C",
    ),
    ScreeningQuestion(
        "imminent_risk",
        "Imminent risk of harm to self or others?",
        Answer.YES,
        Direction.HIGHER,
        "IOP manages mild emotional/behavioral severity (Dimension 3); imminent danger needs a more "
        "intensive, supervised setting.",
        _PPC2R,
        "C",
    ),
    ScreeningQuestion(
        "medical_instability",
        "Medically unstable?",
        Answer.YES,
        Direction.HIGHER,
        "IOP expects biomedical conditions that are none or non-distracting (Dimension 2).",
        _PPC2R,
        "C",
    ),
    ScreeningQuestion(
        "stable_housing_and_support",
        "Stable housing and support?",
        Answer.NO,
        Direction.HIGHER,
        "The recovery/living environment (Dimension 6) may need 24-hour structure (residential).",
        "clinical-standards.md §2.3 (placement by the highest-risk dimension)",
        "S",
    ),
    ScreeningQuestion(
        "can_attend_schedule",
        "Can attend the program schedule?",
        Answer.NO,
        Direction.FIT,
        "IOP needs at least 9 hours a week for adults, 6 for adolescents (§2.1); discuss another track or level.",
        "clinical-standards.md §2.1 (IOP hours per week)",
        "C",
    ),
    ScreeningQuestion(
        "severe_co_occurring",
        "Severe co-occurring mental-health condition?",
        Answer.YES,
        Direction.HIGHER,
        "Psychiatric severity beyond mild (Dimension 3) may need PHP/HIOP or higher.",
        _PPC2R,
        "C",
    ),
)
QUESTION_KEYS = tuple(q.key for q in QUESTIONS)


# The confidence tags of clinical-standards.md, in words for the help page.
CONFIDENCE_WORDS = {
    "C": "Confirmed in the published source",
    "S": "From a secondary source only (vendor, calculator or training site): check before relying on it",
    "U": "Unconfirmed: verify before use",
}


def flagged(answers: dict) -> list[ScreeningQuestion]:
    """The questions whose answer points away from IOP."""
    return [q for q in QUESTIONS if (answers.get(q.key) or {}).get("answer") == q.flag_when]


class Outcome(models.TextChoices):
    IOP = "iop", "Recommends IOP"
    HIGHER = "higher", "Recommends a higher level"
    LOWER = "lower", "Recommends a lower level (outpatient)"


class HigherLevel(models.TextChoices):
    WITHDRAWAL_MANAGEMENT = "withdrawal_management", "Withdrawal management / detox"
    RESIDENTIAL = "residential", "Residential"
    PHP_HIOP = "php_hiop", "PHP / HIOP"
