"""SCOFF eating-disorder screen (clinical-standards.md §1.1, §1.2.9). No LOINC code was found."""

from __future__ import annotations

from .base import Band, BandScheme, Instrument
from .builders import yes_no_items
from .engine import score_list

SOURCE = (
    "Morgan JF, Reid F, Lacey JH. The SCOFF questionnaire. BMJ 1999;319:1467 (1 point per Yes, >=2 = "
    "possible eating disorder); 0-1 negative / 2-5 positive as encoded by the MII PRO ObservationDefinition"
)

_LABELS = (
    "makes self sick when uncomfortably full",
    "worries about losing control over eating",
    "recent large weight loss (one stone)",
    "believes self fat when others say thin",
    "food dominates life",
)

MORGAN_1999 = BandScheme(
    name="morgan_1999_ge2",
    version="1",
    source=SOURCE,
    bands=(Band(0, 1, "negative"), Band(2, 5, "positive")),
)

PROPOSED_GE3 = BandScheme(
    name="proposed_ge3",
    version="1",
    source="clinical-standards.md §1.1 SCOFF: >=3 proposed as a better sensitivity/specificity balance [S]",
    bands=(Band(0, 2, "negative"), Band(3, 5, "positive")),
)

INSTRUMENT = Instrument(
    name="SCOFF",
    title="SCOFF questionnaire",
    items=yes_no_items(_LABELS),
    answer_shape="list",
    source=SOURCE,
    licence="BMJ 1999 publication; no licence statement found [U]",
    total_range=(0, 5),
    band_schemes=(MORGAN_1999, PROPOSED_GE3),
    default_scheme="morgan_1999_ge2",
)


def score(answers, context=None, scheme=None):
    return score_list(INSTRUMENT, answers, context, scheme)
