"""AUDIT, the WHO alcohol screen (clinical-standards.md §1.1, §1.2.3, §7.1-7.2; LOINC from §6.3)."""

from __future__ import annotations

from .base import Band, BandScheme, ContextOption, Instrument, LoincCode
from .builders import numbered_items, zero_to
from .engine import score_list
from .rules import ItemAtLeast, ItemsSumAtLeast

WHO_SOURCE = (
    "Babor TF, Higgins-Biddle JC, Saunders JB, Monteiro MG. AUDIT: Guidelines for Use in Primary Care, "
    "2nd ed. WHO/MSD/MSB/01.6a (2001): zones I 0-7, II 8-15, III 16-19 [C], IV 20-40 [U wording]; "
    "Q1-8 scored 0-4, Q9-10 scored 0/2/4 (https://auditscreen.org/scoring-audit/; "
    "https://comorbidityguidelines.org.au/appendix-u-alcohol-use-disorders-identification-test-audit/"
    "audit-scoring-clinician-use-only)"
)
ESCALATION_SOURCE = (
    "WHO AUDIT manual 2nd ed. (2001), next-higher intervention rule as quoted at "
    "https://comorbidityguidelines.org.au/appendix-u-alcohol-use-disorders-identification-test-audit/"
    "audit-scoring-clinician-use-only"
)

_LABELS = (
    "how often alcohol is drunk",
    "drinks on a typical drinking day",
    "how often heavy episodic drinking",
    "unable to stop once started",
    "failed normal expectations because of drinking",
    "needed a morning drink",
    "guilt or remorse after drinking",
    "could not remember the night before",
    "someone injured because of drinking",
    "others concerned about the drinking",
)
# Q9 and Q10 have three answers scored 0, 2 and 4; 1 and 3 must be refused, not rounded.
_Q9_Q10_VALUES = (0, 2, 4)

WHO_ZONES = BandScheme(
    name="who_zones",
    version="1",
    source=WHO_SOURCE,
    bands=(
        Band(0, 7, "zone_I"),
        Band(8, 15, "zone_II"),
        Band(16, 19, "zone_III"),
        Band(20, 40, "zone_IV"),
    ),
)

# auditscreen.org bands 1-7 / 8-14 / >=15 and calls a score of 0 an abstainer.
AUDITSCREEN = BandScheme(
    name="auditscreen",
    version="1",
    source=(
        "https://auditscreen.org/scoring-audit/ (0 abstainer; 1-7 low-risk consumption; 8-14 hazardous or "
        "harmful; >=15 likely dependence)"
    ),
    bands=(
        Band(0, 0, "abstainer"),
        Band(1, 7, "low_risk"),
        Band(8, 14, "hazardous_or_harmful"),
        Band(15, 40, "likely_dependence"),
    ),
)

# The Q4-6 "score of 2 or more" wording may mean any one item or their sum (the reference flags
# it as ambiguous), so the project must pick a reading explicitly; without one no Q4-6 flag is
# raised, which is also what the published test cases expect.
Q4_6_CONTEXT = "q4_6_escalation"
Q4_6_READINGS = ("any_item", "sum")

INSTRUMENT = Instrument(
    name="AUDIT",
    title="Alcohol Use Disorders Identification Test",
    items=numbered_items(_LABELS[:8], zero_to(4)) + numbered_items(_LABELS, _Q9_Q10_VALUES)[8:],
    answer_shape="list",
    source=WHO_SOURCE,
    licence="WHO; generally free to use [U]; check the owner's terms before redistributing item text",
    total_range=(0, 40),
    band_schemes=(WHO_ZONES, AUDITSCREEN),
    default_scheme="who_zones",
    flag_rules=(
        ItemAtLeast(
            flag="q9_or_q10_scored_4_next_higher_intervention",
            source=ESCALATION_SOURCE + " (Q9 or Q10 = 4) [C]",
            positions=(8, 9),
            threshold=4,
        ),
        ItemAtLeast(
            flag="q4_to_q6_item_scored_2_or_more_next_higher_intervention",
            source=ESCALATION_SOURCE + " (Q4-6 >= 2, read as any single item) [C, ambiguous]",
            positions=(3, 4, 5),
            threshold=2,
            only_when=(Q4_6_CONTEXT, "any_item"),
        ),
        ItemsSumAtLeast(
            flag="q4_to_q6_sum_2_or_more_next_higher_intervention",
            source=ESCALATION_SOURCE + " (Q4-6 >= 2, read as their sum) [C, ambiguous]",
            positions=(3, 4, 5),
            threshold=2,
            only_when=(Q4_6_CONTEXT, "sum"),
        ),
    ),
    context_options=(
        ContextOption(
            key=Q4_6_CONTEXT,
            allowed=Q4_6_READINGS,
            required=False,
            source="clinical-standards.md §1.1 AUDIT: the Q4-6 wording could mean each item or the sum",
        ),
    ),
    total_loinc=LoincCode("75624-7", "U", "AUDIT total code not confirmed; verify before use"),
)


def score(answers, context=None, scheme=None):
    return score_list(INSTRUMENT, answers, context, scheme)
