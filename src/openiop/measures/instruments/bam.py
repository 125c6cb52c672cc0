"""Brief Addiction Monitor, VA 17-item form (clinical-standards.md §1.1, §1.2.8). No LOINC found.

Items are keyed by VA item number as strings ("1".."17") because Blueprint and others renumber
the form. There is no total and no band; only the three subscales. Item 7 (days of use by drug
type) is null or an object of sub-items "7A".."7G", and is in no subscale, nor is item 17.
The vendor cut-offs (Use >=1, Risk >=12, Protective <=12) are [S, Blueprint] and not applied.
"""

from __future__ import annotations

from .base import Instrument, Item, ScoreResult, Subscale
from .builders import zero_to
from .engine import check_context, check_object

SOURCE = (
    "Cacciola JS et al. J Subst Abuse Treat 2013;44:256-263; VISN 4 MIRECC BAM scoring: Use = items 4+5+6; "
    "Risk = 1+2+3+8+11+15; Protective = 9+10+12+13+14+16; items 7A-7G and 17 not in subscales "
    "(https://flutter.super.site/dc7fb3e885354298a8707c7cb8f0835f; "
    "https://o0ssc4ssssowskksg8gkko0.hyperqbank.com/scoring/brief-addiction-monitor-bam) [C/S]"
)

# Likert answers and day counts are both coded 0-4 (0 = 0 days ... 4 = 16-30 days).
_SCALE = zero_to(4)

_LABELS = {
    "1": "physical health",
    "2": "sleep",
    "3": "mood",
    "4": "alcohol use",
    "5": "heavy alcohol use",
    "6": "drug use",
    "8": "cravings",
    "9": "confidence in staying abstinent",
    "10": "self-help group attendance",
    "11": "risky situations",
    "12": "religion or spirituality",
    "13": "work or school",
    "14": "enough income",
    "15": "family or social problems",
    "16": "sober support",
    "17": "satisfaction with progress",
}

# The reference does not say which drug each sub-item is, so the labels stay neutral.
DRUG_TYPES = Item(
    key="7",
    label="days of use by drug type",
    allowed=(),
    optional=True,
    sub_items=tuple(Item(key=f"7{letter}", label=f"drug type {letter}", allowed=_SCALE) for letter in "ABCDEFG"),
)

ITEMS = tuple(
    DRUG_TYPES if number == 7 else Item(key=str(number), label=_LABELS[str(number)], allowed=_SCALE)
    for number in range(1, 18)
)

INSTRUMENT = Instrument(
    name="BAM",
    title="Brief Addiction Monitor (VA 17-item)",
    items=ITEMS,
    answer_shape="object",
    source=SOURCE,
    licence="VA VISN 4 MIRECC (federal work); public domain assumed [U]",
    total_range=None,
    subscales=(
        Subscale("use", ("4", "5", "6"), SOURCE),
        Subscale("risk", ("1", "2", "3", "8", "11", "15"), SOURCE),
        Subscale("protective", ("9", "10", "12", "13", "14", "16"), SOURCE),
    ),
)


def score(answers, context=None, scheme=None) -> ScoreResult:
    INSTRUMENT.scheme(scheme)  # refuses any scheme name: the BAM has no bands
    check_context(INSTRUMENT, context)
    values = check_object(INSTRUMENT, answers)
    return ScoreResult(
        instrument=INSTRUMENT.name,
        total=None,
        band=None,
        flags=(),
        subscores={s.name: sum(values[key] for key in s.item_keys) for s in INSTRUMENT.subscales},
    )
