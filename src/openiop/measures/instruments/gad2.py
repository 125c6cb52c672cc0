"""GAD-2 anxiety screen: GAD-7 items 1-2 (clinical-standards.md §1.2.2; LOINC from §6.3)."""

from __future__ import annotations

from .base import Band, BandScheme, Instrument, LoincCode
from .builders import numbered_items, zero_to
from .engine import score_list

SOURCE = (
    "Kroenke K et al. Anxiety disorders in primary care. Ann Intern Med 2007;146:317-325 (GAD-2 >=3 "
    "positive); restated at https://www.symptomatik.com/medical-tests/gad-2-phq-2-ultra-brief-screening/ [S]"
)

GE3 = BandScheme(
    name="kroenke_2007_ge3",
    version="1",
    source=SOURCE,
    bands=(Band(0, 2, "negative"), Band(3, 6, "positive")),
)

INSTRUMENT = Instrument(
    name="GAD-2",
    title="Generalized Anxiety Disorder-2",
    items=numbered_items(("nervous, anxious or on edge", "cannot stop or control worrying"), zero_to(3)),
    answer_shape="list",
    source=SOURCE,
    licence="As PHQ-9: free to use, terms to be checked at phqscreeners.com [U]",
    total_range=(0, 6),
    band_schemes=(GE3,),
    default_scheme="kroenke_2007_ge3",
    total_loinc=LoincCode("70273-8", "U", "GAD-2 total code not confirmed; verify before use"),
)


def score(answers, context=None, scheme=None):
    return score_list(INSTRUMENT, answers, context, scheme)
