"""PCL-5 PTSD checklist (clinical-standards.md §1.1, §1.2.5). No LOINC code was found.

Both provisional methods are reported because they can disagree: the cut-point method is the
band, the DSM-5 symptom-cluster method is the ``dsm5_provisional_rule_met`` flag. No severity
bands exist for the PCL-5, so the bands only say where the total sits against cut-points.
"""

from __future__ import annotations

from .base import Band, BandScheme, Instrument, Subscale
from .builders import numbered_items, zero_to
from .engine import score_list
from .rules import SymptomClusterRule

SOURCE = (
    "Weathers FW et al. PTSD Checklist for DSM-5 (PCL-5), National Center for PTSD (2013); scoring at "
    "https://comorbidityguidelines.org.au/appendix-s-ptsd-checklist-for-dsm5-pcl5/"
    "pcl5-scoring-and-interpretation (total 0-80; cut-point 31-33; DSM-5 rule: item>=2 counts; "
    ">=1 B(1-5), >=1 C(6-7), >=2 D(8-14), >=2 E(15-20))"
)

_LABELS = (
    "intrusive memories",
    "distressing dreams",
    "reliving the event",
    "upset by reminders",
    "physical reactions to reminders",
    "avoiding memories or feelings",
    "avoiding external reminders",
    "trouble remembering parts of the event",
    "strong negative beliefs",
    "blaming self or others",
    "strong negative feelings",
    "loss of interest in activities",
    "feeling distant from others",
    "trouble feeling positive feelings",
    "irritability or angry outbursts",
    "risky or self-destructive behaviour",
    "being on guard",
    "easily startled",
    "difficulty concentrating",
    "trouble sleeping",
)

# The published cut-point is a range, 31-33, so totals inside it get their own band rather
# than being forced above or below.
CUTPOINT_31_33 = BandScheme(
    name="cutpoint_31_33",
    version="1",
    source=SOURCE,
    bands=(
        Band(0, 30, "below_all_published_cutpoints_31_33"),
        Band(31, 32, "within_published_cutpoint_range_31_33"),
        Band(33, 80, "at_or_above_all_published_cutpoints_31_33"),
    ),
)
CUTPOINT_38 = BandScheme(
    name="cutpoint_38",
    version="1",
    source="Earlier suggested PCL-5 cut-point of 38 (http://www.medafile.com/WRIISC/PCL5.htm) [C]",
    bands=(Band(0, 37, "below_cutpoint_38"), Band(38, 80, "at_or_above_cutpoint_38")),
)
CUTPOINT_45 = BandScheme(
    name="cutpoint_45",
    version="1",
    source="Cut-point of 45 used in some psychiatric outpatient samples (clinical-standards.md §1.1) [S]",
    bands=(Band(0, 44, "below_cutpoint_45"), Band(45, 80, "at_or_above_cutpoint_45")),
)

_CLUSTERS = (
    ("B", tuple(str(n) for n in range(1, 6)), 1),
    ("C", ("6", "7"), 1),
    ("D", tuple(str(n) for n in range(8, 15)), 2),
    ("E", tuple(str(n) for n in range(15, 21)), 2),
)

INSTRUMENT = Instrument(
    name="PCL-5",
    title="PTSD Checklist for DSM-5",
    items=numbered_items(_LABELS, zero_to(4)),
    answer_shape="list",
    source=SOURCE,
    licence="National Center for PTSD (VA); public domain (https://mhscales.com/pcl5) [C]",
    total_range=(0, 80),
    band_schemes=(CUTPOINT_31_33, CUTPOINT_38, CUTPOINT_45),
    default_scheme="cutpoint_31_33",
    subscales=tuple(Subscale(name, keys, SOURCE) for name, keys, _ in _CLUSTERS),
    flag_rules=(
        SymptomClusterRule(
            flag="dsm5_provisional_rule_met",
            source=SOURCE,
            symptom_threshold=2,
            clusters=tuple((tuple(int(k) - 1 for k in keys), minimum) for _, keys, minimum in _CLUSTERS),
        ),
    ),
)


def score(answers, context=None, scheme=None):
    return score_list(INSTRUMENT, answers, context, scheme)
