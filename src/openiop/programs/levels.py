"""ASAM levels of care as data, always qualified by edition.

A bare "2.5" means Partial Hospitalization in the 3rd edition and High-Intensity Outpatient in the 4th,
so every stored level is the pair (edition, code). Sources: clinical-standards.md §2.1 (3rd edition,
confirmed) and §2.2 (4th edition, secondary sources only: several public codebases and the Colorado BHA
FHIR IG code system, not ASAM's own text).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Edition:
    key: str
    title: str
    source: str


@dataclass(frozen=True)
class LevelOfCare:
    edition: str
    code: str
    name: str

    @property
    def label(self) -> str:
        return f"{EDITIONS[self.edition].title} · {self.code} {self.name}"

    @property
    def short_label(self) -> str:
        return f"{self.code} {self.name} ({EDITIONS[self.edition].key.upper()})"


EDITIONS = {
    "asam3": Edition("asam3", "ASAM 3rd ed.", "The ASAM Criteria, 3rd edition (2013); clinical-standards.md §2.1 [C]"),
    "asam4": Edition(
        "asam4",
        "ASAM 4th ed.",
        "The ASAM Criteria, 4th edition (2023); clinical-standards.md §2.2 [S: secondary sources only]",
    ),
}

_LEVELS = [
    ("asam3", "0.5", "Early Intervention"),
    ("asam3", "1", "Outpatient Services"),
    ("asam3", "1-WM", "Ambulatory Withdrawal Management without Extended On-Site Monitoring"),
    ("asam3", "2-WM", "Ambulatory Withdrawal Management with Extended On-Site Monitoring"),
    ("asam3", "OTP", "Opioid Treatment Program (Level 1)"),
    ("asam3", "2.1", "Intensive Outpatient"),
    ("asam3", "2.5", "Partial Hospitalization"),
    ("asam3", "3.1", "Clinically Managed Low-Intensity Residential"),
    ("asam3", "3.2-WM", "Clinically Managed Residential Withdrawal Management"),
    ("asam3", "3.3", "Clinically Managed Population-Specific High-Intensity Residential"),
    ("asam3", "3.5", "Clinically Managed High-Intensity Residential"),
    ("asam3", "3.7", "Medically Monitored Intensive Inpatient"),
    ("asam3", "3.7-WM", "Medically Monitored Inpatient Withdrawal Management"),
    ("asam3", "4", "Medically Managed Intensive Inpatient"),
    ("asam3", "4-WM", "Medically Managed Intensive Inpatient Withdrawal Management"),
    ("asam4", "1.0", "Long-Term Remission Monitoring"),
    ("asam4", "1.5", "Outpatient Therapy"),
    ("asam4", "1.7", "Medically Managed Outpatient"),
    ("asam4", "2.1", "Intensive Outpatient"),
    ("asam4", "2.5", "High-Intensity Outpatient (HIOP)"),
    ("asam4", "2.7", "Medically Managed Intensive Outpatient"),
    ("asam4", "3.1", "Clinically Managed Low-Intensity Residential"),
    ("asam4", "3.5", "Clinically Managed High-Intensity Residential"),
    ("asam4", "3.7", "Medically Managed Residential"),
    ("asam4", "4", "Medically Managed Inpatient"),
]
LEVELS: dict[tuple[str, str], LevelOfCare] = {(e, c): LevelOfCare(e, c, n) for e, c, n in _LEVELS}


def level_of_care(edition: str, code: str) -> LevelOfCare:
    try:
        return LEVELS[(edition, code)]
    except KeyError:
        allowed = ", ".join(c for e, c in LEVELS if e == edition) or "none"
        editions = ", ".join(EDITIONS)
        raise ValidationError(
            f"Level of care {code!r} is not in edition {edition!r}. Editions: {editions}; "
            f"codes in {edition!r}: {allowed}"
        ) from None


def level_choices() -> list[tuple[str, str]]:
    """Choices for one select field, encoded as 'edition:code'."""
    return [(f"{lvl.edition}:{lvl.code}", lvl.label) for lvl in LEVELS.values()]


def parse_level_choice(value: str) -> LevelOfCare:
    edition, separator, code = value.partition(":")
    if not separator:
        raise ValidationError(
            f"Level of care {value!r} needs its edition, e.g. asam3:{value} or asam4:{value}; "
            f"editions: {', '.join(EDITIONS)}"
        )
    return level_of_care(edition, code)
