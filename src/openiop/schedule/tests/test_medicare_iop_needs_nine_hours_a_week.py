"""Medicare IOP: a minimum of 9 hours of services a week."""

from . import day, session, week


def medicare(segments, **kwargs):
    return week(segments, payer_codes=["medicare_iop"], **kwargs).check("medicare_iop")


def test_nine_hours_of_services_meet_medicare_iop():
    assert medicare([session(day(0)), session(day(2)), session(day(4))]).status == "met"


def test_nine_hours_spread_over_many_short_days_also_count():
    segments = [session(day(offset), hour=10, minutes=90) for offset in range(6)]
    assert medicare(segments).status == "met"


def test_six_hours_do_not_meet_medicare_iop():
    check = medicare([session(day(0)), session(day(2)), session(day(4), status="absent_excused")])
    assert check.status == "not_met"
    assert check.reasons == ("6.0 h attended (needs 9 h)", "missed 1 session (3.0 h)")


def test_sessions_that_do_not_count_toward_hours_are_left_out():
    segments = [session(day(0)), session(day(2)), session(day(4), counts_toward_hours=False)]
    result = week(segments, payer_codes=["medicare_iop"])
    assert result.attended_minutes == 360
    assert result.scheduled_minutes == 360
    assert result.check("medicare_iop").status == "not_met"


def test_medicare_iop_applies_whatever_the_level_of_care():
    result = week([session(day(0))], level=("asam4", "2.1"), payer_codes=["medicare_iop"])
    assert [c.code for c in result.checks] == ["asam4_2.1_adult", "medicare_iop"]
    assert result.check("medicare_iop").confidence == "C"
