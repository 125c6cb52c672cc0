"""PHQ-9 depression severity (clinical-standards.md §1.1, §1.2.1; LOINC from §6.3)."""

from __future__ import annotations

from .base import Band, BandScheme, Instrument, Item, LoincCode
from .builders import numbered_items, zero_to
from .engine import score_list
from .rules import ItemAtLeast

SOURCE = (
    "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9. J Gen Intern Med 2001;16:606-613 (bands 0-4/5-9/10-14/15-19/20-27)"
)

# Short labels in our own words; the licence terms for the item text are unconfirmed (§1.3).
_LABELS = (
    "little interest or pleasure",
    "feeling down or hopeless",
    "sleep problems",
    "tired or low energy",
    "appetite changes",
    "feeling bad about oneself",
    "trouble concentrating",
    "slowed down or restless",
    "thoughts of death or self-harm",
)
# In item order, as the HL7 BHP PHQ-9 example lists them.
_ITEM_LOINCS = (
    "44250-9",
    "44255-8",
    "44259-0",
    "44254-1",
    "44251-7",
    "44258-2",
    "44252-5",
    "44253-3",
    "44260-8",
)

# Item 10 is asked on the form but never counts toward the total.
DIFFICULTY_ITEM = Item(
    key="10",
    label="how difficult the problems made daily life (unscored)",
    allowed=zero_to(3),
    scored=False,
    optional=True,
    loinc="69722-7",
)

KROENKE_2001 = BandScheme(
    name="kroenke_2001",
    version="1",
    source=SOURCE,
    bands=(
        Band(0, 4, "minimal"),
        Band(5, 9, "mild"),
        Band(10, 14, "moderate"),
        Band(15, 19, "moderately_severe"),
        Band(20, 27, "severe"),
    ),
)

INSTRUMENT = Instrument(
    name="PHQ-9",
    title="Patient Health Questionnaire-9",
    items=numbered_items(_LABELS, zero_to(3), _ITEM_LOINCS) + (DIFFICULTY_ITEM,),
    answer_shape="list",
    source=SOURCE,
    licence=(
        "Spitzer/Williams/Kroenke, Pfizer grant; described as free with no permission required, but one "
        "source prints a Pfizer copyright: check phqscreeners.com before shipping item text [U]"
    ),
    total_range=(0, 27),
    band_schemes=(KROENKE_2001,),
    default_scheme="kroenke_2001",
    flag_rules=(
        # Safety before bands: any item-9 answer above zero needs follow-up whatever the total.
        ItemAtLeast(
            flag="item9_suicidality_positive",
            source="item 9 > 0 warrants immediate follow-up regardless of total "
            "(https://www.calcipedia.org/calculators/phq-9-calculator) [S]",
            positions=(8,),
            threshold=1,
        ),
    ),
    panel_loinc=LoincCode("44249-1", "C"),
    total_loinc=LoincCode("44261-6", "C"),
)


def score(answers, context=None, scheme=None):
    return score_list(INSTRUMENT, answers, context, scheme)
