"""ASAM 3rd-ed. Level 1 and 4th-ed. Level 1.5 are a ceiling: under 9 h a week for adults, under 6 h for adolescents."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from . import ZONE, day, local, session, week


def test_nine_hours_exceed_the_level_1_maximum_for_adults():
    segments = [session(day(0)), session(day(2)), session(day(4))]
    (check,) = week(segments, level=("asam3", "1")).checks
    assert check.code == "asam3_1_adult"
    assert check.status == "exceeds_maximum"
    assert check.reasons == ("9.0 h attended (must stay under 9 h)",)


def test_eight_hours_fifty_nine_stay_under_the_level_1_maximum():
    segments = [session(day(0)), session(day(2)), session(day(4), attended=179)]
    (check,) = week(segments, level=("asam3", "1")).checks
    assert check.status == "met"


def test_six_hours_exceed_the_level_1_maximum_for_adolescents():
    segments = [session(day(0)), session(day(2))]
    (check,) = week(segments, level=("asam3", "1"), population="adolescent").checks
    assert check.code == "asam3_1_adolescent"
    assert check.status == "exceeds_maximum"


def test_4th_edition_level_1_5_carries_the_ceiling_over_and_says_it_is_unconfirmed():
    segments = [session(day(0)), session(day(2)), session(day(4))]
    (check,) = week(segments, level=("asam4", "1.5")).checks
    assert check.code == "asam4_1.5_adult"
    assert check.status == "exceeds_maximum"
    assert check.confidence == "U"


def test_mid_week_a_schedule_that_would_pass_the_maximum_is_at_risk():
    segments = [session(day(0)), session(day(2)), session(day(4), status="scheduled")]
    wednesday_night = local(day(2), 22)
    (check,) = week(segments, level=("asam3", "1"), now=wednesday_night).checks
    assert check.status == "at_risk"
    assert check.reasons == ("6.0 h attended + 3.0 h still scheduled would reach 9.0 h (must stay under 9 h)",)


@pytest.mark.parametrize("now", [local(day(2), 22), datetime(2026, 1, 1, tzinfo=ZoneInfo(ZONE))])
def test_a_current_or_future_week_whose_schedule_stays_under_the_maximum_is_on_track(now):
    segments = [session(day(0), status="scheduled"), session(day(2), status="scheduled")]
    (check,) = week(segments, level=("asam3", "1"), now=now).checks
    assert check.status == "on_track"
