"""AUDIT-C, AUDIT questions 1-3 (clinical-standards.md §1.1, §1.2.3; LOINC from §6.3)."""

from __future__ import annotations

from .base import Band, BandScheme, ContextOption, Instrument, LoincCode
from .builders import numbered_items, zero_to
from .engine import score_list
from .rules import TotalAtLeast

SOURCE = (
    "Bush K et al. Arch Intern Med 1998;158:1789-95; Bradley KA et al. Arch Intern Med 2003;163:821-9 "
    "(positive >=4 men, >=3 women)"
)
VA_SOURCE = (
    "VA/DoD brief-counselling threshold >=5 for all patients (https://hepatitis.va.gov/alcohol/treatment/audit-c.asp)"
)

# The published cut-offs are given only for men and women; any other value is refused rather
# than guessed, so the caller has to decide which published cut-off applies.
SEXES = ("female", "male")

BY_SEX = BandScheme(
    name="bush_bradley_by_sex",
    version="1",
    source=SOURCE,
    context_key="sex",
    bands_by_context=(
        ("female", (Band(0, 2, "negative"), Band(3, 12, "positive"))),
        ("male", (Band(0, 3, "negative"), Band(4, 12, "positive"))),
    ),
)

INSTRUMENT = Instrument(
    name="AUDIT-C",
    title="AUDIT-Consumption (AUDIT questions 1-3)",
    items=numbered_items(
        (
            "how often alcohol is drunk",
            "drinks on a typical drinking day",
            "how often heavy episodic drinking",
        ),
        zero_to(4),
    ),
    answer_shape="list",
    source=SOURCE,
    licence="As AUDIT: WHO, generally free to use [U]",
    total_range=(0, 12),
    band_schemes=(BY_SEX,),
    default_scheme="bush_bradley_by_sex",
    flag_rules=(TotalAtLeast(flag="va_brief_counseling_threshold_ge5", source=VA_SOURCE, threshold=5),),
    context_options=(ContextOption(key="sex", allowed=SEXES, required=True, source=SOURCE),),
    panel_loinc=LoincCode("72109-2", "C", "US Core"),
    total_loinc=LoincCode(
        "75626-2",
        "C",
        "US Core; the HL7 BHP example uses 76504-0 for the total, which looks inconsistent and needs verifying",
    ),
)


def score(answers, context=None, scheme=None):
    return score_list(INSTRUMENT, answers, context, scheme)
