"""Every hours rule is data with its source and the reference's confidence tag (DESIGN.md rule 6)."""

import re

import pytest

from openiop.programs.hours_rules import (
    ALL_RULES,
    CONFIDENCE_TAGS,
    LEVEL_RULES,
    PAYER_RULES,
    WeeklyMinimum,
)

RULE_IDS = [rule.code for rule in ALL_RULES]


@pytest.mark.parametrize("rule", ALL_RULES, ids=RULE_IDS)
def test_the_rule_cites_a_section_of_the_clinical_standards(rule):
    assert re.search(r"clinical-standards\.md §\d\.\d", rule.source)


@pytest.mark.parametrize("rule", ALL_RULES, ids=RULE_IDS)
def test_the_rule_has_a_confidence_tag_from_the_reference(rule):
    assert rule.confidence in CONFIDENCE_TAGS


@pytest.mark.parametrize("rule", ALL_RULES, ids=RULE_IDS)
def test_the_rule_states_its_requirement_from_its_numbers(rule):
    assert re.search(r"\d+ h", rule.requirement)


def test_rule_codes_are_unique():
    assert len(RULE_IDS) == len(set(RULE_IDS))


def test_payer_rules_have_the_codes_programs_will_choose_from():
    assert list(PAYER_RULES) == ["h0015", "s9480", "s9480_ny_scheduled_9h", "medicare_iop"]


def test_4th_edition_rules_are_never_tagged_confirmed():
    fourth = [rule for (level, _), rule in LEVEL_RULES.items() if level[0] == "asam4"]
    assert fourth
    assert all(rule.confidence != "C" and rule.note for rule in fourth)


def test_a_rule_without_a_source_or_with_an_unknown_tag_is_refused():
    with pytest.raises(ValueError, match="every rule needs its source"):
        WeeklyMinimum(code="x", title="x", minutes=60, source=" ", confidence="C")
    with pytest.raises(ValueError, match="allowed tags are C, S, U, C/S"):
        WeeklyMinimum(code="x", title="x", minutes=60, source="somewhere", confidence="maybe")
