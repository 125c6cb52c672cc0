"""Alumni check-in rules as data: the questions' allowed values, which answers need a person to follow up,
and the default check-in schedule. Each concern names its rationale and source; none is an invented score.

The questions follow the Brief Addiction Monitor (BAM, VA; clinical-standards.md §1.1 and §1.2.8), which
asks about the past 30 days and is keyed by VA item number. We ask raw day counts (0–30), as the BAM
form does, without computing BAM subscales (a check-in is not a full BAM administration).
"""

from dataclasses import dataclass

# Days after discharge. 30, 60 and 90 days, then monthly to one year: what issue #7 asks for; the reference
# (clinical-standards.md) sets no cadence, so each program can change it (AftercareSettings.checkin_days).
DEFAULT_CHECKIN_DAYS = [30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 330, 365]
MAX_CHECKIN_DAY = 730

# A check-in is "due" from its date for this many days, then "overdue" until answered.
CHECKIN_DUE_WINDOW_DAYS = 14
# How long an issued check-in link works; one use. Long enough for a text message to be read and answered.
CHECKIN_LINK_DAYS = 7
# Discharges that do not make the patient an alumnus: no alumni check-ins, not on the Alumni page, not seen by
# peer support as an alumnus (privacy.policy). TEDS REASON 4 "Transferred to another treatment program or
# facility": the person is still in treatment, elsewhere (TEDS-D discharge reason codes; episodes.codes);
# TEDS REASON 6: death.
NO_FOLLOW_UP_REASONS = frozenset({4, 6})

DAYS_MIN, DAYS_MAX = 0, 30


@dataclass(frozen=True)
class Concern:
    key: str
    title: str  # shown to staff with the answers
    rationale: str
    source: str


def _any_use(answers: dict) -> bool:
    return (
        (answers.get("days_alcohol_use") or 0) > 0
        or (answers.get("days_drug_use") or 0) > 0
        or answers.get("abstinent") is False
    )


def _no_stable_housing(answers: dict) -> bool:
    return answers.get("stable_housing") is False


def _wants_contact(answers: dict) -> bool:
    return answers.get("wants_contact") is True


CONCERNS: tuple[tuple[Concern, object], ...] = (
    (
        Concern(
            key="any_use",
            title="Reported alcohol or drug use in the past 30 days",
            rationale=(
                "Any day of use after discharge is a possible lapse. On the BAM the use items (4 alcohol, "
                "5 heavy alcohol, 6 drugs) are reviewed item by item and a Use subscale of 1 or more is "
                "treated as clinically significant, i.e. any use at all."
            ),
            source="BAM, Cacciola et al. 2013; Use >= 1 cut-off (clinical-standards.md §1.1 BAM row [S])",
        ),
        _any_use,
    ),
    (
        Concern(
            key="no_stable_housing",
            title="No stable housing",
            rationale=(
                "The recovery/living environment is one of the six ASAM dimensions (dimension 6); losing "
                "housing after discharge threatens recovery and may need a housing referral."
            ),
            source="ASAM Criteria dimension 6 (clinical-standards.md §2.3)",
        ),
        _no_stable_housing,
    ),
    (
        Concern(
            key="wants_contact",
            title="Asked to be contacted",
            rationale="The person asked for a call; a request for contact is always answered.",
            source="Program policy (a patient's request, not a clinical threshold)",
        ),
        _wants_contact,
    ),
)
CONCERNS_BY_KEY = {concern.key: concern for concern, _test in CONCERNS}


def concerns_in(answers: dict) -> list[str]:
    """The keys of the concerns these answers raise, in table order."""
    return [concern.key for concern, test in CONCERNS if test(answers)]
