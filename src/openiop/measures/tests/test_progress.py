"""Progress across repeated totals: response, remission and PCL-5 change, as sourced data."""

from __future__ import annotations

import pytest

from openiop.measures.instruments import ScoringError, get_instrument
from openiop.measures.progress import (
    CLINICALLY_MEANINGFUL_CHANGE,
    RELIABLE_CHANGE,
    REMISSION,
    RESPONSE,
    Progress,
    has_progress,
    progress_for,
)


def test_a_reduction_of_exactly_50_percent_is_a_response():
    progress = progress_for("PHQ-9", [18, 12, 9])
    assert (progress.change, progress.percent_change, progress.response) == (-9, -50.0, True)


def test_a_reduction_just_under_50_percent_is_not_a_response():
    progress = progress_for("GAD-7", [21, 11])
    assert round(progress.percent_change, 1) == -47.6
    assert progress.response is False


def test_response_is_only_judged_on_the_depression_and_anxiety_scales():
    assert progress_for("PCL-5", [51, 20]).response is None
    assert progress_for("CIWA-Ar", [30, 5]).response is None
    assert progress_for("PHQ-9", [20, 10]).response is True


def test_response_compares_the_latest_total_with_the_first_not_the_best():
    assert progress_for("PHQ-9", [20, 4, 11]).response is False


def test_a_worse_latest_total_is_a_positive_change_and_no_response():
    progress = progress_for("GAD-7", [8, 12])
    assert (progress.change, progress.percent_change, progress.response) == (4, 50.0, False)


@pytest.mark.parametrize(("latest", "remission"), [(4, True), (5, False)])
def test_phq9_remission_means_a_latest_total_below_5(latest, remission):
    assert progress_for("PHQ-9", [16, latest]).remission is remission


@pytest.mark.parametrize(("latest", "remission"), [(4, True), (5, False)])
def test_gad7_remission_means_a_latest_total_below_5(latest, remission):
    assert progress_for("GAD-7", [15, latest]).remission is remission


def test_the_remission_thresholds_are_read_from_the_minimal_band():
    for name in ("PHQ-9", "GAD-7"):
        minimal = get_instrument(name).scheme(None).bands[0]
        assert (minimal.label, minimal.high + 1, REMISSION[name].below) == ("minimal", 5, 5)


@pytest.mark.parametrize(
    ("drop", "reliable", "meaningful"),
    [(4, False, False), (5, True, False), (9, True, False), (10, True, True)],
)
def test_pcl5_reliable_change_needs_a_drop_of_5_and_meaningful_change_a_drop_of_10(drop, reliable, meaningful):
    progress = progress_for("PCL-5", [50, 50 - drop])
    assert (progress.reliable_change, progress.clinically_meaningful_change) == (reliable, meaningful)


def test_a_pcl5_rise_of_10_points_is_neither_reliable_nor_meaningful_improvement():
    progress = progress_for("PCL-5", [30, 40])
    assert (progress.reliable_change, progress.clinically_meaningful_change) == (False, False)


def test_pcl5_has_no_remission_rule_and_phq9_no_change_rules():
    assert progress_for("PCL-5", [50, 10]).remission is None
    phq9 = progress_for("PHQ-9", [20, 2])
    assert (phq9.reliable_change, phq9.clinically_meaningful_change) == (None, None)


def test_a_baseline_of_0_has_no_percent_change_and_no_response_but_a_change():
    progress = progress_for("PHQ-9", [0, 3])
    assert (progress.change, progress.percent_change, progress.response, progress.remission) == (3, None, None, True)


def test_a_single_point_is_both_baseline_and_latest_and_judges_nothing():
    assert progress_for("PHQ-9", [12]) == Progress(
        instrument="PHQ-9",
        baseline=12,
        latest=12,
        change=None,
        percent_change=None,
        response=None,
        remission=None,
        reliable_change=None,
        clinically_meaningful_change=None,
        points=1,
    )


def test_no_totals_give_an_empty_progress():
    progress = progress_for("GAD-7", [])
    assert (progress.points, progress.baseline, progress.latest, progress.response) == (0, None, None, None)


@pytest.mark.parametrize("name", ["BAM", "C-SSRS-Screener"])
def test_instruments_without_a_total_have_no_progress(name):
    assert has_progress(name) is False
    with pytest.raises(ScoringError, match=name):
        progress_for(name, [1, 2])


@pytest.mark.parametrize("totals", [[10, 28], [-1, 3], [10, 4.0], [True, 0]])
def test_a_total_outside_the_instrument_range_or_not_a_whole_number_is_refused(totals):
    with pytest.raises(ScoringError, match="PHQ-9 total 2|PHQ-9 total 1"):
        progress_for("PHQ-9", totals)


def test_every_rule_names_its_source():
    rules = [RESPONSE, *REMISSION.values(), *RELIABLE_CHANGE.values(), *CLINICALLY_MEANINGFUL_CHANGE.values()]
    assert all(rule.source for rule in rules)
    assert "issue #4" in RESPONSE.source
    assert "[S]" in RELIABLE_CHANGE["PCL-5"].source
