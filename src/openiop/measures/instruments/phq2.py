"""PHQ-2 depression screen: PHQ-9 items 1-2 (clinical-standards.md §1.2.1; LOINC from §6.3)."""

from __future__ import annotations

from .base import Band, BandScheme, Instrument, LoincCode
from .builders import numbered_items, zero_to
from .engine import score_list

SOURCE = (
    "Kroenke K, Spitzer RL, Williams JBW. The Patient Health Questionnaire-2. Med Care 2003;41:1284-1292 "
    "(score >=3 positive); see https://www.hindawi.com/journals/cpn/2013/695925/tab1/"
)

KROENKE_2003 = BandScheme(
    name="kroenke_2003_ge3",
    version="1",
    source=SOURCE,
    bands=(Band(0, 2, "negative"), Band(3, 6, "positive")),
)

# Higher sensitivity, lower specificity (86%/78% vs 61%/92% at >=3).
ARROLL_2010 = BandScheme(
    name="arroll_2010_ge2",
    version="1",
    source="Arroll B et al. Ann Fam Med 2010;8:348 (>=2: sensitivity 86%, specificity 78%)",
    bands=(Band(0, 1, "negative"), Band(2, 6, "positive")),
)

INSTRUMENT = Instrument(
    name="PHQ-2",
    title="Patient Health Questionnaire-2",
    # The reference gives LOINC item codes only under the PHQ-9 panel, so none are attached here.
    items=numbered_items(("little interest or pleasure", "feeling down or hopeless"), zero_to(3)),
    answer_shape="list",
    source=SOURCE,
    licence="As PHQ-9: free to use, terms to be checked at phqscreeners.com [U]",
    total_range=(0, 6),
    band_schemes=(KROENKE_2003, ARROLL_2010),
    default_scheme="kroenke_2003_ge3",
    panel_loinc=LoincCode("55757-9", "C"),
    total_loinc=LoincCode("55758-7", "C"),
)


def score(answers, context=None, scheme=None):
    return score_list(INSTRUMENT, answers, context, scheme)
