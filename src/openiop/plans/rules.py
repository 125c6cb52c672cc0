"""Plan rules kept as data: ASAM dimensions, measure-target comparators, intervention modalities.

ASAM dimension names are the 3rd edition's (2013), as in docs/reference/clinical-standards.md §2.3;
the 4th edition renamed some of them, so a problem stores the dimension number and the edition is shown
with the names.
"""

import operator
from dataclasses import dataclass

from django.db import models

ASAM_DIMENSIONS_EDITION = "ASAM Criteria, 3rd edition (2013)"
ASAM_DIMENSIONS: dict[int, str] = {
    1: "Acute intoxication and/or withdrawal potential",
    2: "Biomedical conditions and complications",
    3: "Emotional, behavioral or cognitive conditions and complications",
    4: "Readiness to change",
    5: "Relapse, continued use or continued problem potential",
    6: "Recovery/living environment",
}


@dataclass(frozen=True)
class Comparator:
    symbol: str
    words: str
    test: object


COMPARATORS: dict[str, Comparator] = {
    "lt": Comparator("<", "below", operator.lt),
    "lte": Comparator("≤", "at or below", operator.le),
    "gt": Comparator(">", "above", operator.gt),
    "gte": Comparator("≥", "at or above", operator.ge),
}


class Modality(models.TextChoices):
    CBT = "cbt", "Cognitive behavioral therapy (CBT)"
    DBT = "dbt", "Dialectical behavior therapy (DBT)"
    MOTIVATIONAL_INTERVIEWING = "mi", "Motivational interviewing"
    TWELVE_STEP_FACILITATION = "twelve_step", "12-step facilitation"
    FAMILY_THERAPY = "family", "Family therapy"
    MEDICATION_ASSISTED_TREATMENT = "mat", "Medication-assisted treatment"
    PSYCHOEDUCATION = "psychoeducation", "Psychoeducation"
    HOLISTIC = "holistic", "Holistic (e.g. mindfulness, yoga, art)"
    OTHER = "other", "Other"


def target_met(comparator: str, current: int | None, value: int) -> bool | None:
    """Whether a measure target is met by the current total; None when there is no result yet."""
    if current is None:
        return None
    return bool(COMPARATORS[comparator].test(current, value))
