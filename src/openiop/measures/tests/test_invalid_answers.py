"""Invalid input is refused with a message that names the item and what it allows."""

from __future__ import annotations

import re

import pytest

from openiop.measures.instruments import ScoringError, score

SAFE_CSSRS = {"q1": "no", "q2": "no", "q6": "no"}
BAM_ZEROES = {str(number): 0 for number in range(1, 18)} | {"7": None}


def refusal(name, answers, context=None, scheme=None) -> str:
    with pytest.raises(ScoringError) as raised:
        score(name, answers, context, scheme)
    return str(raised.value)


def test_the_error_is_a_value_error_so_generic_handlers_catch_it():
    assert issubclass(ScoringError, ValueError)


def test_it_refuses_a_phq9_with_eight_answers():
    assert refusal("PHQ-9", [0] * 8).startswith("PHQ-9 expects 9 answers, got 8")


def test_it_refuses_a_phq9_with_more_answers_than_items():
    assert refusal("PHQ-9", [0] * 11).startswith("PHQ-9 expects 9 answers, got 11")


def test_it_refuses_audit_q9_of_1():
    assert refusal("AUDIT", [0] * 8 + [1, 0]) == "AUDIT item 9: 1 is not allowed; allowed values are 0, 2, 4"


def test_it_refuses_audit_q10_of_3():
    assert refusal("AUDIT", [0] * 9 + [3]) == "AUDIT item 10: 3 is not allowed; allowed values are 0, 2, 4"


def test_it_refuses_a_cows_pulse_of_3():
    message = refusal("COWS", [3] + [0] * 10)
    assert message == "COWS item 1: 3 is not allowed; allowed values are 0, 1, 2, 4"


def test_it_refuses_a_ciwa_orientation_of_5():
    message = refusal("CIWA-Ar", [0] * 9 + [5])
    assert message == "CIWA-Ar item 10: 5 is not allowed; allowed values are 0, 1, 2, 3, 4"


def test_it_refuses_an_answer_to_a_cssrs_question_that_q2_skipped():
    message = refusal("C-SSRS-Screener", SAFE_CSSRS | {"q3": "no"})
    assert message == 'C-SSRS-Screener q3 must be null because q2 is "no" (skip logic: q2 = no skips to q6)'


def test_it_refuses_a_cssrs_follow_up_when_q6_was_no():
    message = refusal("C-SSRS-Screener", SAFE_CSSRS | {"q6_past3mo": "yes"})
    assert message.startswith('C-SSRS-Screener q6_past3mo must be null because q6 is "no"')


def test_it_refuses_a_cssrs_question_left_blank_after_q2_was_yes():
    message = refusal("C-SSRS-Screener", {"q1": "yes", "q2": "yes", "q6": "no"})
    assert message == 'C-SSRS-Screener q3 is required because q2 is "yes"; allowed values are "yes", "no"'


def test_it_refuses_an_unknown_cssrs_key_and_lists_the_expected_ones():
    message = refusal("C-SSRS-Screener", SAFE_CSSRS | {"q7": "no"})
    assert '"q7"' in message and "q1, q2, q3, q4, q5, q6, q6_past3mo" in message


def test_it_refuses_an_unknown_instrument_and_lists_the_known_ones():
    message = refusal("PHQ-10", [0] * 10)
    assert message.startswith('Unknown instrument "PHQ-10"; known instruments are ')
    assert "PHQ-9" in message and "C-SSRS-Screener" in message and "SCOFF" in message


def test_it_refuses_an_unknown_scheme_and_lists_the_known_ones():
    message = refusal("CIWA-Ar", [0] * 10, scheme="va_paws")
    assert message == (
        'CIWA-Ar has no band scheme "va_paws"; known schemes are asam_2020, pmc_table, timeofcare_four_band'
    )


def test_it_refuses_a_scheme_for_an_instrument_without_bands():
    assert "BAM has no band schemes" in refusal("BAM", BAM_ZEROES, scheme="blueprint")


def test_it_refuses_audit_c_without_sex():
    message = refusal("AUDIT-C", [1, 1, 1])
    assert message == 'AUDIT-C context "sex" is required; allowed values are "female", "male"'


def test_it_refuses_audit_c_with_a_sex_that_has_no_published_cut_off():
    message = refusal("AUDIT-C", [1, 1, 1], {"sex": "unknown"})
    assert message == 'AUDIT-C context "sex": "unknown" is not allowed; allowed values are "female", "male"'


@pytest.mark.parametrize(
    ("value", "shown_as"),
    [(True, "True (bool)"), (False, "False (bool)"), (2.0, "2.0 (float)"), ("2", '"2"'), (None, "null")],
)
def test_it_refuses_a_non_integer_where_an_integer_is_expected(value, shown_as):
    message = refusal("PHQ-9", [0, 0, value, 0, 0, 0, 0, 0, 0])
    assert message == f"PHQ-9 item 3: {shown_as} is not allowed; allowed values are 0, 1, 2, 3"


@pytest.mark.parametrize("value", ["Yes", "y", 1, True, None])
def test_it_refuses_yes_no_answers_other_than_lowercase_yes_or_no(value):
    message = refusal("DAST-10", ["no"] * 9 + [value])
    assert message.startswith("DAST-10 item 10: ")
    assert message.endswith('allowed values are "yes", "no"')


def test_it_refuses_an_unknown_bam_sub_item():
    message = refusal("BAM", BAM_ZEROES | {"7": {"7H": 1}})
    assert message == 'BAM item 7: unknown sub-item "7H"; expected keys are 7A, 7B, 7C, 7D, 7E, 7F, 7G'


def test_it_refuses_a_bam_sub_item_out_of_range():
    message = refusal("BAM", BAM_ZEROES | {"7": {"7C": 5}})
    assert message == "BAM item 7C: 5 is not allowed; allowed values are 0, 1, 2, 3, 4"


def test_it_refuses_a_bam_item_keyed_by_a_number_instead_of_text():
    assert re.search(r'answer key 4 must be text, e\.g\. "4"', refusal("BAM", {4: 0}))


def test_it_refuses_a_missing_bam_item():
    answers = dict(BAM_ZEROES)
    del answers["17"]
    assert refusal("BAM", answers) == "BAM item 17 is required; allowed values are 0, 1, 2, 3, 4"


@pytest.mark.parametrize(
    ("name", "answers", "expected"),
    [
        ("PHQ-9", {"1": 0}, "PHQ-9 expects a list of answers in item order, got dict"),
        ("PHQ-9", "000000000", "PHQ-9 expects a list of answers in item order, got str"),
        ("C-SSRS-Screener", ["no"] * 6, "C-SSRS-Screener expects an object keyed by q1, q2, q3"),
    ],
)
def test_it_refuses_answers_in_the_wrong_shape(name, answers, expected):
    assert refusal(name, answers).startswith(expected)


def test_it_refuses_a_context_that_is_not_an_object():
    assert refusal("AUDIT-C", [1, 1, 1], ["male"]) == "AUDIT-C context must be an object, got list"


def test_the_error_carries_instrument_and_item_so_a_form_can_mark_the_field():
    with pytest.raises(ScoringError) as raised:
        score("AUDIT", [0] * 8 + [1, 0])
    assert (raised.value.instrument, raised.value.item) == ("AUDIT", "9")
