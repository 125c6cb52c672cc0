"""Safety and escalation flags are raised whatever the band, and only by their published rule."""

from __future__ import annotations

from openiop.measures.instruments import score

NOT_ASKED = {"q3": None, "q4": None, "q5": None}


def test_phq9_item9_above_zero_is_flagged_even_in_the_minimal_band():
    result = score("PHQ-9", [0] * 8 + [1])
    assert (result.band, result.flags) == ("minimal", ("item9_suicidality_positive",))


def test_phq9_difficulty_item_10_is_accepted_but_never_counted():
    assert score("PHQ-9", [1] * 9 + [3]).total == 9
    assert score("PHQ-9", [1] * 9 + [None]).total == 9


def test_audit_q9_or_q10_of_4_asks_for_the_next_higher_intervention():
    assert score("AUDIT", [0] * 9 + [4]).flags == ("q9_or_q10_scored_4_next_higher_intervention",)
    assert score("AUDIT", [0] * 9 + [2]).flags == ()


def test_audit_q4_to_q6_flag_is_raised_only_once_a_reading_of_the_rule_is_chosen():
    answers = [0, 0, 0, 1, 1, 0, 0, 0, 0, 0]  # no item reaches 2, but the sum does
    assert score("AUDIT", answers).flags == ()
    assert score("AUDIT", answers, {"q4_6_escalation": "any_item"}).flags == ()
    assert score("AUDIT", answers, {"q4_6_escalation": "sum"}).flags == (
        "q4_to_q6_sum_2_or_more_next_higher_intervention",
    )
    assert score("AUDIT", [0, 0, 0, 0, 2, 0, 0, 0, 0, 0], {"q4_6_escalation": "any_item"}).flags == (
        "q4_to_q6_item_scored_2_or_more_next_higher_intervention",
    )


def test_audit_c_va_counselling_flag_starts_at_5_for_everyone():
    assert score("AUDIT-C", [2, 2, 0], {"sex": "male"}).flags == ()
    assert score("AUDIT-C", [2, 2, 1], {"sex": "male"}).flags == ("va_brief_counseling_threshold_ge5",)


def test_gad7_recommends_further_evaluation_from_10():
    assert score("GAD-7", [2, 2, 2, 2, 1, 0, 0]).flags == ()
    assert score("GAD-7", [2, 2, 2, 2, 2, 0, 0]).flags == ("further_evaluation_recommended",)


def test_pcl5_cluster_rule_needs_two_d_symptoms():
    one_d_short = [2, 0, 0, 0, 0, 2, 0, 2, 0, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0]
    assert score("PCL-5", one_d_short).flags == ()


def test_cssrs_behaviour_within_3_months_is_high_risk_and_asks_for_precautions():
    answers = {"q1": "no", "q2": "no", **NOT_ASKED, "q6": "yes", "q6_past3mo": "yes"}
    result = score("C-SSRS-Screener", answers)
    assert (result.total, result.band, result.flags) == (None, "high", ("immediate_safety_precautions",))


def test_cssrs_q5_yes_is_high_risk():
    answers = {"q1": "yes", "q2": "yes", "q3": "yes", "q4": "no", "q5": "yes", "q6": "no"}
    assert score("C-SSRS-Screener", answers).band == "high"


def test_cssrs_wish_to_be_dead_alone_is_low_risk():
    answers = {"q1": "yes", "q2": "no", **NOT_ASKED, "q6": "no", "q6_past3mo": None}
    assert score("C-SSRS-Screener", answers).band == "low"


def test_ciwa_complicated_withdrawal_needs_19_and_seizures_or_delirium():
    severe = [7, 7, 5, 0, 0, 0, 0, 0, 0, 0]  # 19
    assert score("CIWA-Ar", severe).flags == ()
    assert score("CIWA-Ar", severe, {"seizures_or_delirium": True}).flags == ("asam_complicated_withdrawal",)
    below = [7, 7, 4, 0, 0, 0, 0, 0, 0, 0]  # 18
    assert score("CIWA-Ar", below, {"seizures_or_delirium": True}).flags == ()


def test_dast10_no_to_item_3_is_the_answer_that_scores():
    assert score("DAST-10", ["no"] * 10).total == 1
    assert score("DAST-10", ["no", "no", "yes"] + ["no"] * 7).total == 0
