"""Weekly service-hours rules for levels of care and payers, as data.

Every rule carries its source (the section of clinical-standards.md and the primary source that section
names) and the reference's confidence tag: "C" confirmed, "S" secondary sources only, "U" unconfirmed,
"C/S" where the reference gives both. ``hours.py`` reads the numbers from here; nothing else repeats them.

Levels of care are always the pair (edition, code) from ``openiop.programs.levels``: a bare "2.5" is
Partial Hospitalization in the 3rd edition and High-Intensity Outpatient in the 4th.
"""

from __future__ import annotations

from dataclasses import dataclass

from openiop.programs.levels import EDITIONS, LEVELS

CONFIDENCE_TAGS = ("C", "S", "U", "C/S")
POPULATIONS = ("adult", "adolescent")
MEASURES = ("attended", "scheduled")


def threshold_text(minutes: int) -> str:
    """A rule's threshold as people say it: "9 h", "7.5 h", "2 h 30 min"."""
    if minutes % 60 == 0:
        return f"{minutes // 60} h"
    if minutes % 6 == 0:
        return f"{minutes / 60:.1f} h"
    return f"{minutes // 60} h {minutes % 60} min"


@dataclass(frozen=True, kw_only=True)
class HoursRule:
    """What every rule shares. ``code`` is stable: programs store it to choose their payer rules."""

    code: str
    title: str
    source: str
    confidence: str
    note: str = ""

    def __post_init__(self) -> None:
        if self.confidence not in CONFIDENCE_TAGS:
            raise ValueError(
                f"rule {self.code}: confidence {self.confidence!r} is not allowed; "
                f"allowed tags are {', '.join(CONFIDENCE_TAGS)}"
            )
        if not self.source.strip():
            raise ValueError(f"rule {self.code}: every rule needs its source")

    @property
    def requirement(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class WeeklyMinimum(HoursRule):
    """At least ``minutes`` of counted services in the week: attended, or scheduled when ``measure`` says so."""

    minutes: int
    measure: str = "attended"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.measure not in MEASURES:
            raise ValueError(f"rule {self.code}: measure {self.measure!r} is not one of {', '.join(MEASURES)}")

    @property
    def requirement(self) -> str:
        return f"at least {threshold_text(self.minutes)} of services {self.measure} in the week (Monday to Sunday)"


@dataclass(frozen=True, kw_only=True)
class WeeklyMaximum(HoursRule):
    """Fewer than ``below_minutes`` attended in the week: the level's ceiling, above which a higher level fits."""

    below_minutes: int

    @property
    def requirement(self) -> str:
        return f"under {threshold_text(self.below_minutes)} of services attended in the week (Monday to Sunday)"


@dataclass(frozen=True, kw_only=True)
class DailyMinimum(HoursRule):
    """A day is billable with at least ``minutes_per_day`` attended that local day.

    ``days_per_week`` is how many billable days the week needs; None means a per-diem code where each day
    stands alone. ``short_day_advice`` is what the source says to do on a day that falls short.
    """

    minutes_per_day: int
    days_per_week: int | None
    short_day_advice: str = ""

    @property
    def requirement(self) -> str:
        per_day = threshold_text(self.minutes_per_day)
        if self.days_per_week is None:
            return f"at least {per_day} attended on each billed day (per diem: each day stands alone)"
        return f"at least {per_day} attended on a billable day, and at least {self.days_per_week} such days in the week"


# --- Level-of-care rules -------------------------------------------------------------------------------

_ASAM3_TABLE = (
    "clinical-standards.md §2.1 (3rd-edition table): The ASAM Criteria, 3rd ed. (Mee-Lee et al., 2013), "
    "as summarised at https://midshorebehavioralhealth.org/glossary/asam-criteria/"
)
_ASAM3_IOP = (
    "clinical-standards.md §2.1: The ASAM Criteria, 3rd ed. (Mee-Lee et al., 2013), Level 2.1 'minimum of "
    "9 hours per week for adults or 6 hours per week for adolescents', quoted by the SAMHSA Advisory "
    "'Clinical Issues in IOP Treatment for SUDs' (2021, based on TIP 47); "
    "also DC regulation 22-A DCMR §6329 (9-19 h/week adults, 6-19 h/week youth under 21)"
)
_ASAM4_CARRIED_OVER = (
    "The 4th edition's own hour thresholds were not read in ASAM's text (clinical-standards.md §2.2, §8 item 1): "
    "these are the 3rd-edition numbers carried over. Check the 4th edition before relying on them."
)
_WHO = {"adult": "adults", "adolescent": "adolescents", None: "adults and adolescents"}


def _level_code(level: tuple[str, str], population: str | None) -> str:
    edition, code = level
    return f"{edition}_{code}" + (f"_{population}" if population else "")


def _level_title(level: tuple[str, str], population: str | None) -> str:
    level_of_care = LEVELS[level]
    return (
        f"{EDITIONS[level_of_care.edition].title} Level {level_of_care.code} {level_of_care.name}, {_WHO[population]}"
    )


def _minimum(level, population, hours, source, confidence, note=""):
    rule = WeeklyMinimum(
        code=_level_code(level, population),
        title=_level_title(level, population),
        minutes=round(hours * 60),
        source=source,
        confidence=confidence,
        note=note,
    )
    return level, population, rule


def _maximum(level, population, hours, source, confidence, note=""):
    rule = WeeklyMaximum(
        code=_level_code(level, population),
        title=_level_title(level, population),
        below_minutes=round(hours * 60),
        source=source,
        confidence=confidence,
        note=note,
    )
    return level, population, rule


_ASAM4_IOP_SOURCE = (
    "clinical-standards.md §2.2 (4th-edition Level 2.1 Intensive Outpatient, 'unchanged number'; secondary "
    "sources only, e.g. the Colorado BHA FHIR IG code system bha-asam-level-of-care-cs) and §7.4 "
    "('ASAM 2.1 is ≥9 h adults / ≥6 h adolescents'). " + _ASAM4_CARRIED_OVER
)
_ASAM3_PHP_SOURCE = (
    _ASAM3_TABLE + ": Level 2.5 Partial Hospitalization ≥20 h/week; §3.2 gives the same ≥20 h/week for the "
    "Medicare PHP benefit (42 CFR 410.43; CMS-1786-FC)"
)
_ASAM4_HIOP_SOURCE = (
    "clinical-standards.md §2.2 (4th-edition Level 2.5 renamed High-Intensity Outpatient; secondary sources only, "
    "e.g. the Colorado BHA FHIR IG code system bha-asam-level-of-care-cs) and §7.4 ('PHP/HIOP is ≥20 h'). "
    "§8 item 1: the 2.5 HIOP threshold was not read in ASAM's text."
)
_ASAM3_OUTPATIENT_SOURCE = _ASAM3_TABLE + ": Level 1 Outpatient Services <9 h/week adults, <6 h/week adolescents"
_ASAM4_OUTPATIENT_SOURCE = (
    "clinical-standards.md §2.2: 4th-edition Level 1.5 Outpatient Therapy is the 'former Level 1 outpatient' "
    "(secondary sources only); no source in the reference gives 1.5 its own hours, so the 3rd-edition Level 1 "
    "ceiling (§2.1) is carried over by us."
)
_ASAM3_LOW_RESIDENTIAL_SOURCE = (
    _ASAM3_TABLE + ": Level 3.1 Clinically Managed Low-Intensity Residential, 24-h structure with ≥5 h/week "
    "of clinical services"
)

_LEVEL_RULE_LIST = (
    _minimum(("asam3", "2.1"), "adult", 9, _ASAM3_IOP, "C"),
    _minimum(("asam3", "2.1"), "adolescent", 6, _ASAM3_IOP, "C"),
    _minimum(("asam4", "2.1"), "adult", 9, _ASAM4_IOP_SOURCE, "S", _ASAM4_CARRIED_OVER),
    _minimum(("asam4", "2.1"), "adolescent", 6, _ASAM4_IOP_SOURCE, "S", _ASAM4_CARRIED_OVER),
    _minimum(("asam3", "2.5"), None, 20, _ASAM3_PHP_SOURCE, "C"),
    _minimum(
        ("asam4", "2.5"),
        None,
        20,
        _ASAM4_HIOP_SOURCE,
        "S",
        "The 4th edition's HIOP threshold was not read in ASAM's text; 20 h is the 3rd-edition PHP number.",
    ),
    _maximum(("asam3", "1"), "adult", 9, _ASAM3_OUTPATIENT_SOURCE, "C"),
    _maximum(("asam3", "1"), "adolescent", 6, _ASAM3_OUTPATIENT_SOURCE, "C"),
    _maximum(("asam4", "1.5"), "adult", 9, _ASAM4_OUTPATIENT_SOURCE, "U", _ASAM4_CARRIED_OVER),
    _maximum(("asam4", "1.5"), "adolescent", 6, _ASAM4_OUTPATIENT_SOURCE, "U", _ASAM4_CARRIED_OVER),
    # The reference confirms this one, so it is data like the others, though residential programs rarely
    # track hours in the schedule app.
    _minimum(("asam3", "3.1"), None, 5, _ASAM3_LOW_RESIDENTIAL_SOURCE, "C"),
)

# Keyed by ((edition, code), population). A rule written for both populations (population None) appears
# under each.
LEVEL_RULES: dict[tuple[tuple[str, str], str], HoursRule] = {
    (level, who): rule
    for level, population, rule in _LEVEL_RULE_LIST
    for who in ((population,) if population else POPULATIONS)
}


def level_rule(level: tuple[str, str], population: str) -> HoursRule | None:
    """The weekly hours rule for a level of care and population, or None when the level has none."""
    return LEVEL_RULES.get((tuple(level), population))


# --- Payer rules -----------------------------------------------------------------------------------------

H0015 = DailyMinimum(
    code="h0015",
    title="H0015 alcohol and/or drug services, intensive outpatient",
    minutes_per_day=180,
    days_per_week=3,
    source=(
        "clinical-standards.md §3.1: HCPCS H0015 descriptor 'treatment program that operates at least 3 hours/day "
        "and at least 3 days/week' (https://www.carepatron.com/procedure-code/hcpcs-code-h0015); Indiana Medicaid "
        "405 IAC 5-21.5-11 uses the same rule"
    ),
    confidence="C",
    note=(
        "The descriptor says how the program operates; like §7.4 we apply it to the hours each patient "
        "attended, which is the stricter reading."
    ),
)

S9480 = DailyMinimum(
    code="s9480",
    title="S9480 intensive outpatient psychiatric services, per diem",
    minutes_per_day=180,
    days_per_week=None,
    short_day_advice="bill the discrete services instead",
    source=(
        "clinical-standards.md §3.1: HCPCS S9480 'Intensive outpatient psychiatric services, per diem' "
        "(https://pabau.com/procedure-codes/hcpcs-code-s9480/); the ≥3 hours attended that day rule is the "
        "New York OMH example (https://wchsb.com/wch-news/intensive-outpatient-service-ios)"
    ),
    confidence="C/S",
    note="The 3-hour day comes from New York's rule; other payers may set their own.",
)

S9480_NY_SCHEDULED = WeeklyMinimum(
    code="s9480_ny_scheduled_9h",
    title="S9480 (New York OMH): scheduled for 9 hours a week",
    minutes=540,
    measure="scheduled",
    source=(
        "clinical-standards.md §3.1: New York OMH IOS example, 'the patient must be scheduled for 9 h/week' "
        "(https://wchsb.com/wch-news/intensive-outpatient-service-ios)"
    ),
    confidence="C",
    note="Optional: choose it with s9480 for New York programs. Cancelled sessions do not count as scheduled.",
)

MEDICARE_IOP = WeeklyMinimum(
    code="medicare_iop",
    title="Medicare intensive outpatient program (from 1 January 2024)",
    minutes=540,
    source=(
        "clinical-standards.md §3.2 and §7.4: CAA 2023 §4124 amending SSA §1861(ff); CY2024 OPPS final rule "
        "CMS-1786-FC; MM13222 patient criteria 'require a minimum of 9 hours of services per week' "
        "(https://nahri.org/articles/cms-releases-billing-requirements-new-condition-code-92)"
    ),
    confidence="C",
    note=(
        "Medicare states this as the certified need for 9 h/week; we check the services attended in the week as "
        "the operational measure of it."
    ),
)

PAYER_RULES: dict[str, HoursRule] = {rule.code: rule for rule in (H0015, S9480, S9480_NY_SCHEDULED, MEDICARE_IOP)}

# What a new program checks until its director chooses (clinical-standards.md §3.1): H0015 is the alcohol
# and/or drug IOP code, S9480 the psychiatric IOP code; Medicare's IOP benefit covers both.
_DEFAULT_PAYER_CODES = {
    "substance_use": ("h0015", "medicare_iop"),
    "co_occurring": ("h0015", "s9480", "medicare_iop"),
}
_PSYCHIATRIC_PAYER_CODES = ("s9480", "medicare_iop")


def default_payer_codes(clinical_focus: str) -> tuple[str, ...]:
    return _DEFAULT_PAYER_CODES.get(clinical_focus, _PSYCHIATRIC_PAYER_CODES)


ALL_RULES: tuple[HoursRule, ...] = tuple(
    dict.fromkeys([rule for _, _, rule in _LEVEL_RULE_LIST] + list(PAYER_RULES.values()))
)
