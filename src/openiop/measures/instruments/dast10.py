"""DAST-10 drug use screen (clinical-standards.md §1.1, §1.2.4; LOINC from §6.3)."""

from __future__ import annotations

from .base import Band, BandScheme, Instrument, LoincCode
from .builders import yes_no_items
from .engine import score_list

SOURCE = (
    "Skinner HA. The Drug Abuse Screening Test. Addict Behav 1982;7:363-371; scoring table at "
    "https://comorbidityguidelines.org.au/appendix-w-drug-abuse-screening-test-dast10/"
    "dast10-scoring-and-interpretation (1 point per Yes except item 3 where No = 1; 0 none, 1-2 low, "
    "3-5 moderate, 6-8 substantial, 9-10 severe)"
)

_LABELS = (
    "used drugs other than for medical reasons",
    "uses more than one drug at a time",
    "always able to stop when wanted (reverse-scored)",
    "blackouts or flashbacks",
    "bad or guilty about drug use",
    "family complain about drug use",
    "neglected family because of drugs",
    "illegal activity to obtain drugs",
    "withdrawal symptoms",
    "medical problems from drug use",
)

SKINNER_1982 = BandScheme(
    name="skinner_1982",
    version="1",
    source=SOURCE,
    bands=(
        Band(0, 0, "no_problems"),
        Band(1, 2, "low"),
        Band(3, 5, "moderate"),
        Band(6, 8, "substantial"),
        Band(9, 10, "severe"),
    ),
)

INSTRUMENT = Instrument(
    name="DAST-10",
    title="Drug Abuse Screening Test-10",
    # Item 3 asks about being able to stop, so "no" is the answer that scores.
    items=yes_no_items(_LABELS, reverse_scored=frozenset({3})),
    answer_shape="list",
    source=SOURCE,
    licence="(c) 1982 H. Skinner / Addiction Research Foundation (CAMH); permission terms not confirmed [U]",
    total_range=(0, 10),
    band_schemes=(SKINNER_1982,),
    default_scheme="skinner_1982",
    panel_loinc=LoincCode("82666-9", "C", "Synthea-derived list"),
    total_loinc=LoincCode("82667-7", "U", "DAST-10 total code not confirmed; verify before use"),
)


def score(answers, context=None, scheme=None):
    return score_list(INSTRUMENT, answers, context, scheme)
