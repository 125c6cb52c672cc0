"""How items and answers read on screen. Short labels in our own words where licences are unconfirmed
(clinical-standards.md §1.3); response anchors where the reference gives them."""

from .instruments.base import Instrument, Item

FREQUENCY_TWO_WEEKS = {0: "Not at all", 1: "Several days", 2: "More than half the days", 3: "Nearly every day"}
PCL5_ANCHORS = {0: "Not at all", 1: "A little bit", 2: "Moderately", 3: "Quite a bit", 4: "Extremely"}
DIFFICULTY = {0: "Not hard at all", 1: "Somewhat hard", 2: "Very hard", 3: "Extremely hard"}
BAM_SCALE = "For questions about days: 0 = 0 days, 1 = 1–3, 2 = 4–8, 3 = 9–15, 4 = 16–30 days."

# Wording for people answering on their own, where the short clinical label would read oddly.
PATIENT_WORDING = {
    ("PHQ-9", "10"): (
        "If you had any of these problems, how hard did they make your work, home life or time with others?"
    ),
}
ITEM_ANCHORS = {("PHQ-9", "10"): DIFFICULTY}

ANCHORS = {
    "PHQ-9": FREQUENCY_TWO_WEEKS,
    "PHQ-2": FREQUENCY_TWO_WEEKS,
    "GAD-7": FREQUENCY_TWO_WEEKS,
    "GAD-2": FREQUENCY_TWO_WEEKS,
    "PCL-5": PCL5_ANCHORS,
}

INSTRUCTIONS = {
    "PHQ-9": "Over the last 2 weeks, how often have you been bothered by each of these?",
    "PHQ-2": "Over the last 2 weeks, how often have you been bothered by each of these?",
    "GAD-7": "Over the last 2 weeks, how often have you been bothered by each of these?",
    "GAD-2": "Over the last 2 weeks, how often have you been bothered by each of these?",
    "PCL-5": "In the past month, how much were you bothered by each of these after a very stressful experience?",
    "AUDIT": "These questions are about your use of alcohol in the past year. Higher numbers mean more often or more.",
    "AUDIT-C": "These questions are about your use of alcohol. Higher numbers mean more often or more.",
    "DAST-10": "These questions are about drug use in the past 12 months, not counting alcohol or tobacco.",
    "C-SSRS-Screener": "These questions are about the past month unless they say otherwise.",
    "BAM": "These questions are about the past 30 days. " + BAM_SCALE,
    "SCOFF": "Please answer yes or no.",
    "CIWA-Ar": "Clinician rating of alcohol withdrawal signs.",
    "COWS": "Clinician rating of opioid withdrawal signs; rate only what is due to withdrawal.",
}

# Clinician-rated scales are never offered as a self-report link.
CLINICIAN_ONLY = frozenset({"CIWA-Ar", "COWS"})


def question(item: Item, instrument: Instrument | None = None, *, patient_facing: bool = False) -> str:
    if patient_facing and instrument is not None and (instrument.name, item.key) in PATIENT_WORDING:
        return PATIENT_WORDING[(instrument.name, item.key)]
    label = item.label.replace(" (unscored)", "")
    return label[:1].upper() + label[1:]


def answer_choices(instrument: Instrument, item: Item, *, patient_facing: bool = False) -> list[tuple[str, str]]:
    """Anchor text where the reference gives it; clinicians also see the points, patients do not."""
    anchors = ITEM_ANCHORS.get((instrument.name, item.key)) or ANCHORS.get(instrument.name, {})
    choices = []
    for value, points in zip(item.allowed, item.points or item.allowed, strict=True):
        if value in ("yes", "no"):
            label = value.capitalize()
        elif value in anchors:
            label = anchors[value] if patient_facing else f"{anchors[value]} ({value})"
        elif points != value:
            label = f"{value} ({points} points)"
        else:
            label = str(value)
        choices.append((str(value), label))
    return choices
