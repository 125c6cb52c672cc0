"""CIWA-Ar alcohol withdrawal rating (clinical-standards.md §1.1, §1.2.6, §8.13). No LOINC code found.

Published severity bands differ by source, so the raw total is kept and the band scheme is
chosen by name; ASAM 2020 is the default, as the reference and its test cases use it. The VA
PAWS ranges (<8-10 / 8-15 / >=15) overlap, so they cannot assign one band per total and are not
encoded as a scheme.
"""

from __future__ import annotations

from .base import Band, BandScheme, ContextOption, Instrument, Item
from .builders import numbered_items, zero_to
from .engine import score_list
from .rules import TotalAtLeast

ITEM_SOURCE = (
    "Sullivan JT et al. Br J Addict 1989;84:1353-7 (10 items, 9 scored 0-7 + orientation 0-4, max 67); "
    "https://pmc.ncbi.nlm.nih.gov/articles/PMC6286444/table/tbl0025; https://ci2i.research.va.gov/paws/content/5.htm"
)
ASAM_SOURCE = (
    "ASAM Clinical Practice Guideline on Alcohol Withdrawal Management (2020) Table 1: mild <10, "
    "moderate 10-18, severe >=19; complicated = >=19 plus seizure or delirium "
    "(https://eguideline.guidelinecentral.com/i/1254278/2)"
)

_LABELS = (
    "nausea and vomiting",
    "tremor",
    "paroxysmal sweats",
    "anxiety",
    "agitation",
    "tactile disturbances",
    "auditory disturbances",
    "visual disturbances",
    "headache or fullness in head",
)
ORIENTATION = Item(key="10", label="orientation and clouding of sensorium", allowed=zero_to(4))

ASAM_2020 = BandScheme(
    name="asam_2020",
    version="1",
    source=ASAM_SOURCE,
    bands=(Band(0, 9, "mild"), Band(10, 18, "moderate"), Band(19, 67, "severe")),
)
PMC_TABLE = BandScheme(
    name="pmc_table",
    version="1",
    source="CIWA-Ar table at https://pmc.ncbi.nlm.nih.gov/articles/PMC6286444/table/tbl0025: "
    "<8 mild, 8-15 moderate, >15 severe",
    bands=(Band(0, 7, "mild"), Band(8, 15, "moderate"), Band(16, 67, "severe")),
)
FOUR_BAND = BandScheme(
    name="timeofcare_four_band",
    version="1",
    source=(
        "https://www.timeofcare.com/clinical-institute-withdrawal-assessment-ciwa-ar-for-alcohol-withdrawal/"
        " (also mdapp): <=8 absent or minimal, 9-15 mild, 16-20 moderate, >20 severe"
    ),
    bands=(
        Band(0, 8, "absent_or_minimal"),
        Band(9, 15, "mild"),
        Band(16, 20, "moderate"),
        Band(21, 67, "severe"),
    ),
)

# Seizures and delirium are observed, not scored, so the rater passes them as context.
SEIZURES_OR_DELIRIUM = "seizures_or_delirium"

INSTRUMENT = Instrument(
    name="CIWA-Ar",
    title="Clinical Institute Withdrawal Assessment for Alcohol, revised",
    items=numbered_items(_LABELS, zero_to(7)) + (ORIENTATION,),
    answer_shape="list",
    source=ITEM_SOURCE,
    licence="Commonly described as not copyrighted [U]; check before redistributing item text",
    total_range=(0, 67),
    band_schemes=(ASAM_2020, PMC_TABLE, FOUR_BAND),
    default_scheme="asam_2020",
    flag_rules=(
        TotalAtLeast(
            flag="asam_complicated_withdrawal",
            source=ASAM_SOURCE,
            threshold=19,
            only_when=(SEIZURES_OR_DELIRIUM, True),
        ),
    ),
    context_options=(
        ContextOption(key=SEIZURES_OR_DELIRIUM, allowed=(True, False), required=False, source=ASAM_SOURCE),
    ),
)


def score(answers, context=None, scheme=None):
    return score_list(INSTRUMENT, answers, context, scheme)
