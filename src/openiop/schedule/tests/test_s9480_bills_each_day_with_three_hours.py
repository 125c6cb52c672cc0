"""S9480 is per diem: each day with at least 3 h attended is billable on its own.

New York OMH also wants the patient scheduled for 9 h a week: a separate, optional rule.
"""

from datetime import date

from . import day, local, session, week


def test_each_day_with_three_hours_is_billable_on_its_own():
    segments = [session(day(0)), session(day(1), attended=120), session(day(3), hour=9, minutes=240)]
    check = week(segments, payer_codes=["s9480"]).check("s9480")
    assert check.billable_days == (date(2026, 2, 2), date(2026, 2, 5))
    assert check.status == "met"
    assert check.qualifies is None
    assert check.reasons == ("Tue 2026-02-03: 2.0 h attended (needs 3 h); bill the discrete services instead",)


def test_a_week_with_no_day_of_three_hours_has_nothing_to_bill_as_s9480():
    check = week([session(day(0), attended=170)], payer_codes=["s9480"]).check("s9480")
    assert check.billable_days == ()
    assert check.status == "not_met"
    assert check.reasons[0] == "no day with 3 h or more attended"


def test_a_single_day_is_billable_without_any_other_day_in_the_week():
    check = week([session(day(6), hour=10)], payer_codes=["s9480"]).check("s9480")
    assert check.billable_days == (date(2026, 2, 8),)
    assert check.status == "met"


def test_today_can_still_become_billable_while_its_session_is_ahead():
    check = week([session(day(2), status="scheduled")], payer_codes=["s9480"], now=local(day(2), 9)).check("s9480")
    assert check.status == "on_track"


def test_the_new_york_scheduled_9_hours_rule_is_only_checked_when_chosen():
    segments = [session(day(0)), session(day(2))]
    assert [c.code for c in week(segments, payer_codes=["s9480"]).checks] == ["asam3_2.1_adult", "s9480"]
    chosen = week(segments, payer_codes=["s9480", "s9480_ny_scheduled_9h"]).check("s9480_ny_scheduled_9h")
    assert chosen.status == "not_met"
    assert chosen.reasons == ("only 6.0 h scheduled this week (needs 9 h)",)


def test_missed_sessions_still_count_as_scheduled_for_the_new_york_rule():
    segments = [session(day(0)), session(day(2), status="absent_excused"), session(day(4), status="absent_unexcused")]
    check = week(segments, payer_codes=["s9480_ny_scheduled_9h"]).check("s9480_ny_scheduled_9h")
    assert check.status == "met"


def test_cancelled_sessions_do_not_count_as_scheduled_for_the_new_york_rule():
    segments = [session(day(0)), session(day(2)), session(day(4), status="cancelled")]
    check = week(segments, payer_codes=["s9480_ny_scheduled_9h"]).check("s9480_ny_scheduled_9h")
    assert check.status == "not_met"
    assert check.reasons == ("only 6.0 h scheduled this week (needs 9 h)", "1 session cancelled (3.0 h)")
