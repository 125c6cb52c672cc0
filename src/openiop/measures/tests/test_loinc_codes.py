"""Only the LOINC codes the reference gives (clinical-standards.md §6.3) appear in the data."""

from __future__ import annotations

from openiop.measures.instruments import get_instrument

PHQ9_ITEMS = [
    "44250-9",
    "44255-8",
    "44259-0",
    "44254-1",
    "44251-7",
    "44258-2",
    "44252-5",
    "44253-3",
    "44260-8",
]
CSSRS_ITEMS = ["93246-7", "93247-5", "93248-3", "93249-1", "93250-9", "93267-3", "93269-9"]

# (panel, total) per instrument as §6.3 lists them; None where the reference has no code.
INSTRUMENT_CODES = {
    "PHQ-9": ("44249-1", "44261-6"),
    "PHQ-2": ("55757-9", "55758-7"),
    "GAD-7": ("69737-5", "70274-6"),
    "GAD-2": (None, "70273-8"),
    "AUDIT": (None, "75624-7"),
    "AUDIT-C": ("72109-2", "75626-2"),
    "DAST-10": ("82666-9", "82667-7"),
    "C-SSRS-Screener": ("93373-9", None),
    "PCL-5": (None, None),
    "CIWA-Ar": (None, None),
    "COWS": (None, None),
    "BAM": (None, None),
    "SCOFF": (None, None),
}
UNCONFIRMED_TOTALS = {"GAD-2", "AUDIT", "DAST-10"}


def _code(loinc):
    return loinc.code if loinc else None


def test_panel_and_total_codes_are_exactly_the_reference_ones():
    for name, (panel, total) in INSTRUMENT_CODES.items():
        instrument = get_instrument(name)
        assert (_code(instrument.panel_loinc), _code(instrument.total_loinc)) == (panel, total), name


def test_codes_the_reference_marks_unconfirmed_say_so():
    for name in UNCONFIRMED_TOTALS:
        assert get_instrument(name).total_loinc.confidence == "U"


def test_phq9_item_codes_follow_item_order_with_the_difficulty_item_last():
    codes = [item.loinc for item in get_instrument("PHQ-9").items]
    assert codes == [*PHQ9_ITEMS, "69722-7"]


def test_cssrs_item_codes_and_risk_level_code_match_the_reference():
    instrument = get_instrument("C-SSRS-Screener")
    assert [item.loinc for item in instrument.items] == CSSRS_ITEMS
    assert instrument.risk_level_loinc.code == "93374-7"


def test_no_other_instrument_carries_item_codes():
    for name in INSTRUMENT_CODES:
        if name in ("PHQ-9", "C-SSRS-Screener"):
            continue
        assert all(item.loinc is None for item in get_instrument(name).items), name
