"""Level 2.5 needs at least 20 h a week: Partial Hospitalization (3rd ed.) and High-Intensity Outpatient (4th ed.)."""

import pytest

from . import day, session, week

FIVE_DAYS_OF_FOUR_HOURS = [session(day(offset), hour=9, minutes=240) for offset in range(5)]


@pytest.mark.parametrize("population", ["adult", "adolescent"])
@pytest.mark.parametrize(("edition", "name"), [("asam3", "Partial Hospitalization"), ("asam4", "High-Intensity")])
def test_twenty_hours_meet_level_2_5(edition, name, population):
    result = week(FIVE_DAYS_OF_FOUR_HOURS, level=(edition, "2.5"), population=population)
    (check,) = result.checks
    assert check.code == f"{edition}_2.5"
    assert name in check.title
    assert result.attended_minutes == 1200
    assert check.status == "met"


@pytest.mark.parametrize("edition", ["asam3", "asam4"])
def test_nineteen_and_a_half_hours_do_not_meet_level_2_5(edition):
    segments = [*FIVE_DAYS_OF_FOUR_HOURS[:4], session(day(4), hour=9, minutes=240, attended=210)]
    (check,) = week(segments, level=(edition, "2.5")).checks
    assert check.status == "not_met"
    assert check.reasons == ("19.5 h attended (needs 20 h)", "late or left early (30 min lost)")


def test_hiop_is_tagged_secondary_because_the_4th_edition_number_was_not_read():
    (check,) = week(FIVE_DAYS_OF_FOUR_HOURS, level=("asam4", "2.5")).checks
    assert check.confidence == "S"
    (php,) = week(FIVE_DAYS_OF_FOUR_HOURS, level=("asam3", "2.5")).checks
    assert php.confidence == "C"
