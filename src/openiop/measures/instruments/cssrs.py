"""C-SSRS screener (clinical-standards.md §1.1, §1.2.10, §8.12; LOINC from §6.3).

There is no total: the result is a risk level. Rules rank each response 0-3 (0 = nothing
endorsed, 1 = ideation only, 2 = moderate criteria, 3 = high criteria) and a band scheme names
the rank. That keeps the one open decision - what to call an all-"no" screener - as data.
"""

from __future__ import annotations

from .base import YES_NO, Band, BandScheme, Instrument, Item, LoincCode, ScoreResult, SkipRule
from .engine import band_for, check_context, check_object

TRIAGE_SOURCE = (
    "Columbia Lighthouse Project triage guidance https://cssrs.columbia.edu/the-columbia-scale-c-ssrs/"
    "triage-c-ssrs/ (past-month Yes to item 4 or 5, or any behavior in past 3 months = highest risk) [C]; "
    "screener risk mapping as published by Blueprint https://help.blueprint-health.com/en/articles/5208202 "
    "and Rula https://therapistsupport.rula.com/hc/en-us/articles/23773353741339 (items 1-2 low; item 3 or "
    "lifetime behavior = moderate; items 4, 5 or behavior within 3 months = high) [S]"
)
SKIP_SOURCE = "https://docest.com/doc/610945/suicide-ideation-definitions-and-prompts [C]"

ITEMS = (
    Item(key="q1", label="wished to be dead", allowed=YES_NO, loinc="93246-7"),
    Item(key="q2", label="thoughts of killing oneself", allowed=YES_NO, loinc="93247-5"),
    Item(key="q3", label="thought about a method", allowed=YES_NO, loinc="93248-3"),
    Item(key="q4", label="some intent to act", allowed=YES_NO, loinc="93249-1"),
    Item(key="q5", label="worked out details or a plan", allowed=YES_NO, loinc="93250-9"),
    Item(key="q6", label="suicidal behaviour, lifetime", allowed=YES_NO, loinc="93267-3"),
    Item(key="q6_past3mo", label="that behaviour within the past 3 months", allowed=YES_NO, loinc="93269-9"),
)

SKIP_RULES = (
    SkipRule("q2", "no", ("q3", "q4", "q5"), "q2 = no skips to q6"),
    SkipRule("q6", "no", ("q6_past3mo",), "q6_past3mo is asked only after q6 = yes"),
)

HIGH, MODERATE, IDEATION, NONE = 3, 2, 1, 0
# First matching rung wins, so "q6 yes" only means moderate once the 3-month follow-up said no.
RISK_LADDER = (
    (HIGH, (("q4", "yes"), ("q5", "yes"), ("q6_past3mo", "yes"))),
    (MODERATE, (("q3", "yes"), ("q6", "yes"))),
    (IDEATION, (("q1", "yes"), ("q2", "yes"))),
)

# Columbia recommends alerts for high-risk answers; the project turns this flag into a task.
HIGH_RISK_FLAG = "immediate_safety_precautions"

_LOW = "LA9194-7"  # LOINC answer "Low" for 93374-7, per the HL7 BHP example

# The HL7 Behavioral Health Profiles example codes an all-"no" screener as Low; Rula calls it
# "no risk". The default follows HL7 because the platform emits 93374-7.
HL7_BHP = BandScheme(
    name="hl7_bhp_none_as_low",
    version="1",
    source=TRIAGE_SOURCE + "; all-No coded Low (LA9194-7) under 93374-7 in the HL7 US Behavioral Health "
    "Profiles example [C]",
    bands=(Band(NONE, IDEATION, "low", _LOW), Band(MODERATE, MODERATE, "moderate"), Band(HIGH, HIGH, "high")),
)
RULA = BandScheme(
    name="rula_none_as_no_risk",
    version="1",
    source=TRIAGE_SOURCE + "; all-No = no risk per Rula [S]",
    bands=(
        Band(NONE, NONE, "no_risk"),
        Band(IDEATION, IDEATION, "low", _LOW),
        Band(MODERATE, MODERATE, "moderate"),
        Band(HIGH, HIGH, "high"),
    ),
)

INSTRUMENT = Instrument(
    name="C-SSRS-Screener",
    title="Columbia-Suicide Severity Rating Scale, screener",
    items=ITEMS,
    answer_shape="object",
    source=TRIAGE_SOURCE + "; skip logic " + SKIP_SOURCE,
    licence=(
        'Free for clinical use; "no cost or license required" for providers\' EHR builds [C]; '
        "(c) 2008 Research Foundation for Mental Hygiene [S]; for-profit vendors should contact Columbia [U]"
    ),
    total_range=None,
    band_schemes=(HL7_BHP, RULA),
    default_scheme="hl7_bhp_none_as_low",
    band_basis="risk_rank",
    risk_rank_range=(NONE, HIGH),
    skip_rules=SKIP_RULES,
    panel_loinc=LoincCode("93373-9", "C", "screener panel; the full C-SSRS is 93245-9"),
    risk_level_loinc=LoincCode("93374-7", "C", 'answers: LA9194-7 "Low"; LA32-8 "No"'),
)


def risk_rank(values) -> int:
    for rank, triggers in RISK_LADDER:
        if any(values[key] == answer for key, answer in triggers):
            return rank
    return NONE


def score(answers, context=None, scheme=None) -> ScoreResult:
    chosen = INSTRUMENT.scheme(scheme)
    context = check_context(INSTRUMENT, context)
    rank = risk_rank(check_object(INSTRUMENT, answers))
    return ScoreResult(
        instrument=INSTRUMENT.name,
        total=None,
        band=band_for(chosen, rank, context),
        flags=(HIGH_RISK_FLAG,) if rank == HIGH else (),
        subscores={},
        scheme=chosen.name,
        scheme_version=chosen.version,
    )
