"""The six ASAM dimensions per edition, as data beside ``programs.levels``.

Each dimension is rated 0-4 for risk or severity (ASAM 2013, pp. 54-58; clinical-standards.md §2.3 [C]).
ASAM publishes no formula from ratings to a level, so nothing here computes one: the clinician chooses
the recommended level and says why the actual level differs (§2.3 "Recommendation").
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

RATING_MIN, RATING_MAX = 0, 4
RATING_SOURCE = "Risk ratings 0-4: ASAM Criteria 2013 pp. 54-58; clinical-standards.md §2.3 [C]"


@dataclass(frozen=True)
class Dimension:
    key: str
    number: int
    name: str


@dataclass(frozen=True)
class DimensionSet:
    edition: str
    dimensions: tuple[Dimension, ...]
    source: str
    confidence: str  # C confirmed, S secondary only, U unconfirmed (clinical-standards.md tags)


DIMENSION_SETS: dict[str, DimensionSet] = {
    "asam3": DimensionSet(
        edition="asam3",
        dimensions=(
            Dimension("d1", 1, "Acute Intoxication and/or Withdrawal Potential"),
            Dimension("d2", 2, "Biomedical Conditions and Complications"),
            Dimension("d3", 3, "Emotional, Behavioral or Cognitive Conditions and Complications"),
            Dimension("d4", 4, "Readiness to Change"),
            Dimension("d5", 5, "Relapse, Continued Use or Continued Problem Potential"),
            Dimension("d6", 6, "Recovery/Living Environment"),
        ),
        source="clinical-standards.md §2.3 (sudfacopt.com; biologyinsights.com)",
        confidence="C",
    ),
    "asam4": DimensionSet(
        edition="asam4",
        dimensions=(
            Dimension("d1", 1, "Intoxication, Withdrawal and Addiction Medications"),
            Dimension("d2", 2, "Biomedical Conditions"),
            Dimension("d3", 3, "Psychiatric and Cognitive Conditions"),
            Dimension("d4", 4, "Substance Use-Related Risks"),
            Dimension("d5", 5, "Recovery Environment Interactions"),
            Dimension("d6", 6, "Person-Centered Considerations"),
        ),
        source=(
            "clinical-standards.md §2.2 (open-exam-prep.com): the 4th edition removed Readiness to Change "
            "and added Person-Centered Considerations [S]; the other five names are probable [U]"
        ),
        confidence="U",
    ),
}


def dimension_set(edition: str) -> DimensionSet:
    try:
        return DIMENSION_SETS[edition]
    except KeyError:
        raise ValidationError(
            {"edition": f"Unknown ASAM edition {edition!r}; choose one of {', '.join(DIMENSION_SETS)}."}
        ) from None


def clean_ratings(edition: str, ratings: dict) -> dict:
    """{dimension key: {"rating": 0-4, "note": str}} for every dimension of the edition, or ValidationError."""
    dimensions = dimension_set(edition).dimensions
    errors = {}
    cleaned = {}
    unknown = set(ratings) - {d.key for d in dimensions}
    if unknown:
        errors["__all__"] = f"Unknown dimensions {', '.join(sorted(unknown))} for {edition}."
    for dimension in dimensions:
        entry = ratings.get(dimension.key) or {}
        rating = entry.get("rating")
        if isinstance(rating, bool) or not isinstance(rating, int) or not RATING_MIN <= rating <= RATING_MAX:
            errors[f"{dimension.key}_rating"] = (
                f"Dimension {dimension.number} ({dimension.name}): rate {RATING_MIN}-{RATING_MAX}; got {rating!r}."
            )
            continue
        cleaned[dimension.key] = {"rating": rating, "note": str(entry.get("note") or "").strip()}
    if errors:
        raise ValidationError(errors)
    return cleaned
