"""COWS opioid withdrawal rating (clinical-standards.md §1.1, §1.2.7). No LOINC code was found.

Several items skip values (pulse is 0/1/2/4), so each item carries its own allowed tuple and a
gap value such as pulse = 3 is refused instead of silently summed.
"""

from __future__ import annotations

from .base import Band, BandScheme, Instrument, Item
from .engine import score_list

SOURCE = (
    "Wesson DR, Ling W. The Clinical Opiate Withdrawal Scale (COWS). J Psychoactive Drugs 2003;35:253-9; "
    "bands 5-12 mild, 13-24 moderate, 25-36 moderately severe, >36 severe; total 0-48 "
    "(https://help.valant.com/79967-measures/cows-clinical-opiate-withdrawal-scale; "
    "https://www.mdapp.co/clinical-opiate-withdrawal-scale-cows-calculator-189/)"
)
ANCHOR_SOURCE = (
    "Item anchors from the form at http://choopersguide.com/content/clinical-opioid-withdrawal-scale.html"
    " [C] and the cliot R package documentation [S]"
)

_ITEMS = (
    ("resting pulse rate", (0, 1, 2, 4)),
    ("sweating", (0, 1, 2, 3, 4)),
    ("restlessness", (0, 1, 3, 5)),
    ("pupil size", (0, 1, 2, 5)),
    ("bone or joint aches", (0, 1, 2, 4)),
    ("runny nose or tearing", (0, 1, 2, 4)),
    ("gastrointestinal upset", (0, 1, 2, 3, 5)),
    ("tremor", (0, 1, 2, 4)),
    ("yawning", (0, 1, 2, 4)),
    ("anxiety or irritability", (0, 1, 2, 4)),
    ("gooseflesh skin", (0, 3, 5)),
)

# The source bands start at 5; below that it gives no band (and a low score is not diagnostic
# of withdrawal either way), so 0-4 is labelled as unbanded rather than given a clinical name.
WESSON_LING_2003 = BandScheme(
    name="wesson_ling_2003",
    version="1",
    source=SOURCE + "; below 5 = no band, not diagnostic of withdrawal [S]",
    bands=(
        Band(0, 4, "below_5_no_band"),
        Band(5, 12, "mild"),
        Band(13, 24, "moderate"),
        Band(25, 36, "moderately_severe"),
        Band(37, 48, "severe"),
    ),
)

INSTRUMENT = Instrument(
    name="COWS",
    title="Clinical Opiate Withdrawal Scale",
    items=tuple(
        Item(key=str(number), label=label, allowed=allowed) for number, (label, allowed) in enumerate(_ITEMS, start=1)
    ),
    answer_shape="list",
    source=SOURCE + "; " + ANCHOR_SOURCE,
    licence="Wesson & Ling 2003; widely reproduced by NIDA/SAMHSA [U]",
    total_range=(0, 48),
    band_schemes=(WESSON_LING_2003,),
    default_scheme="wesson_ling_2003",
)


def score(answers, context=None, scheme=None):
    return score_list(INSTRUMENT, answers, context, scheme)
