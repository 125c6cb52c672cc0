"""GAD-7 anxiety severity (clinical-standards.md §1.2.2; LOINC from §6.3)."""

from __future__ import annotations

from .base import Band, BandScheme, Instrument, LoincCode
from .builders import numbered_items, zero_to
from .engine import score_list
from .rules import TotalAtLeast

SOURCE = (
    "Spitzer RL et al. A brief measure for assessing generalized anxiety disorder: the GAD-7. "
    "Arch Intern Med 2006;166:1092-1097 (cut points 5/10/15; >=10 further evaluation)"
)

_LABELS = (
    "nervous, anxious or on edge",
    "cannot stop or control worrying",
    "worrying too much about different things",
    "trouble relaxing",
    "too restless to sit still",
    "easily annoyed or irritable",
    "afraid something awful might happen",
)

SPITZER_2006 = BandScheme(
    name="spitzer_2006",
    version="1",
    source=SOURCE,
    bands=(
        Band(0, 4, "minimal"),
        Band(5, 9, "mild"),
        Band(10, 14, "moderate"),
        Band(15, 21, "severe"),
    ),
)

INSTRUMENT = Instrument(
    name="GAD-7",
    title="Generalized Anxiety Disorder-7",
    items=numbered_items(_LABELS, zero_to(3)),
    answer_shape="list",
    source=SOURCE,
    licence="As PHQ-9: free to use, terms to be checked at phqscreeners.com [U]",
    total_range=(0, 21),
    band_schemes=(SPITZER_2006,),
    default_scheme="spitzer_2006",
    flag_rules=(TotalAtLeast(flag="further_evaluation_recommended", source=SOURCE, threshold=10),),
    panel_loinc=LoincCode("69737-5", "C"),
    total_loinc=LoincCode("70274-6", "C"),
)


def score(answers, context=None, scheme=None):
    return score_list(INSTRUMENT, answers, context, scheme)
