"""Levels the reference gives no weekly hours rule (most residential and inpatient levels) get no level check."""

import pytest

from openiop.programs.hours_rules import LEVEL_RULES

from . import day, session, week

WITHOUT_A_RULE = [
    ("asam3", "3.5"),
    ("asam3", "3.7"),
    ("asam3", "4"),
    ("asam4", "3.1"),
    ("asam4", "3.7"),
    ("asam3", "0.5"),
]


@pytest.mark.parametrize("level", WITHOUT_A_RULE)
def test_a_level_without_an_hours_rule_has_no_check(level):
    result = week([session(day(0))], level=level)
    assert result.checks == ()
    assert result.attended_minutes == 180


def test_payer_rules_still_apply_at_a_level_without_an_hours_rule():
    result = week([session(day(0))], level=("asam3", "3.5"), payer_codes=["s9480"])
    assert [c.code for c in result.checks] == ["s9480"]


def test_3rd_edition_level_3_1_keeps_its_confirmed_five_hours_of_clinical_services():
    (check,) = week([session(day(0)), session(day(2), attended=119)], level=("asam3", "3.1")).checks
    assert check.code == "asam3_3.1"
    assert check.status == "not_met"
    assert check.reasons[0] == "4 h 59 min attended (needs 5 h)"


def test_every_level_rule_is_keyed_by_a_real_edition_and_code():
    from openiop.programs.levels import LEVELS

    assert {level for level, _ in LEVEL_RULES} <= set(LEVELS)
