"""Band schemes are data: selectable by name, cited, and gap-free over the whole range."""

from __future__ import annotations

import pytest

from openiop.measures.instruments import INSTRUMENTS, get_instrument, score

SCHEMES = [(instrument, scheme) for instrument in INSTRUMENTS.values() for scheme in instrument.band_schemes]
SCHEME_IDS = [f"{instrument.name}-{scheme.name}" for instrument, scheme in SCHEMES]


def ciwa_answers_totalling(total: int) -> list[int]:
    answers = [0] * 10
    for position in range(9):
        answers[position] = min(7, total)
        total -= answers[position]
    return answers


def test_ciwa_ar_defaults_to_the_asam_2020_scheme():
    result = score("CIWA-Ar", ciwa_answers_totalling(10))
    assert (result.scheme, result.band) == ("asam_2020", "moderate")


@pytest.mark.parametrize(
    ("scheme", "total", "band"),
    [
        ("asam_2020", 9, "mild"),
        ("asam_2020", 19, "severe"),
        ("pmc_table", 7, "mild"),
        ("pmc_table", 8, "moderate"),
        ("pmc_table", 16, "severe"),
        ("timeofcare_four_band", 8, "absent_or_minimal"),
        ("timeofcare_four_band", 9, "mild"),
        ("timeofcare_four_band", 20, "moderate"),
        ("timeofcare_four_band", 21, "severe"),
    ],
)
def test_ciwa_ar_alternative_schemes_are_selectable_by_name(scheme, total, band):
    result = score("CIWA-Ar", ciwa_answers_totalling(total), scheme=scheme)
    assert (result.total, result.scheme, result.band) == (total, scheme, band)


def test_the_same_ciwa_total_can_fall_in_different_bands_under_different_schemes():
    answers = ciwa_answers_totalling(8)
    assert score("CIWA-Ar", answers).band == "mild"
    assert score("CIWA-Ar", answers, scheme="pmc_table").band == "moderate"


def test_audit_defaults_to_who_zones_and_auditscreen_is_selectable():
    answers = [4, 4, 4, 3, 0, 0, 0, 0, 0, 0]  # 15
    assert score("AUDIT", answers).band == "zone_II"
    assert score("AUDIT", answers).scheme == "who_zones"
    assert score("AUDIT", answers, scheme="auditscreen").band == "likely_dependence"


def test_auditscreen_calls_a_zero_audit_an_abstainer():
    assert score("AUDIT", [0] * 10, scheme="auditscreen").band == "abstainer"


@pytest.mark.parametrize(
    ("scheme", "band"),
    [
        ("cutpoint_31_33", "within_published_cutpoint_range_31_33"),
        ("cutpoint_38", "below_cutpoint_38"),
        ("cutpoint_45", "below_cutpoint_45"),
    ],
)
def test_pcl5_cut_point_is_selectable(scheme, band):
    answers = [2] * 15 + [1, 0, 0, 0, 0]  # 31
    assert score("PCL-5", answers, scheme=scheme).band == band


def test_phq2_can_use_the_more_sensitive_arroll_cut_off():
    assert score("PHQ-2", [1, 1]).band == "negative"
    assert score("PHQ-2", [1, 1], scheme="arroll_2010_ge2").band == "positive"


def test_audit_c_applies_the_cut_off_for_the_given_sex():
    assert score("AUDIT-C", [1, 1, 1], {"sex": "male"}).band == "negative"
    assert score("AUDIT-C", [1, 1, 1], {"sex": "female"}).band == "positive"


def test_an_all_no_cssrs_screener_is_low_by_default_and_no_risk_under_rula():
    answers = {"q1": "no", "q2": "no", "q3": None, "q4": None, "q5": None, "q6": "no", "q6_past3mo": None}
    assert score("C-SSRS-Screener", answers).band == "low"
    assert score("C-SSRS-Screener", answers, scheme="rula_none_as_no_risk").band == "no_risk"


@pytest.mark.parametrize(("instrument", "scheme"), SCHEMES, ids=SCHEME_IDS)
def test_every_scheme_cites_a_source_and_a_version(instrument, scheme):
    assert len(scheme.source.strip()) > 20
    assert scheme.version


@pytest.mark.parametrize(("instrument", "scheme"), SCHEMES, ids=SCHEME_IDS)
def test_every_scheme_covers_the_whole_range_without_gaps_or_overlaps(instrument, scheme):
    low, high = instrument.band_range
    for variant, bands in scheme.band_sets():
        ordered = sorted(bands, key=lambda band: band.low)
        assert ordered[0].low == low, variant
        assert ordered[-1].high == high, variant
        for before, after in zip(ordered, ordered[1:], strict=False):
            assert after.low == before.high + 1, (variant, before, after)


@pytest.mark.parametrize("name", sorted(INSTRUMENTS))
def test_instruments_with_bands_name_a_default_scheme(name):
    instrument = get_instrument(name)
    if instrument.band_schemes:
        assert instrument.scheme(None).name == instrument.default_scheme
    else:
        assert instrument.default_scheme is None


@pytest.mark.parametrize("name", sorted(INSTRUMENTS))
def test_the_declared_total_range_is_what_the_items_can_actually_score(name):
    instrument = get_instrument(name)
    if instrument.total_range is None:
        return
    scored = [item for item in instrument.items if item.scored]
    lowest = sum(item.point_range[0] for item in scored)
    highest = sum(item.point_range[1] for item in scored)
    assert (lowest, highest) == instrument.total_range
