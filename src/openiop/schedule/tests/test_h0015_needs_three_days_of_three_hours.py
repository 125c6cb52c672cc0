"""H0015: a billable day has at least 3 h attended, and the week qualifies only with at least 3 such days."""

from datetime import date

from . import day, local, session, week


def h0015(segments, **kwargs):
    return week(segments, payer_codes=["h0015"], **kwargs).check("h0015")


def test_three_days_of_three_hours_qualify():
    check = h0015([session(day(0)), session(day(2)), session(day(4))])
    assert check.status == "met"
    assert check.billable_days == (date(2026, 2, 2), date(2026, 2, 4), date(2026, 2, 6))
    assert check.qualifies is True
    assert check.can_still_qualify is True
    assert check.reasons == ()


def test_two_days_of_three_hours_do_not_qualify():
    check = h0015([session(day(0)), session(day(2))])
    assert check.status == "not_met"
    assert check.qualifies is False
    assert check.can_still_qualify is False
    assert check.reasons == (
        "only 2 days with 3 h or more attended (needs 3)",
        "only 2 days scheduled with 3 h or more (needs 3)",
    )


def test_a_day_of_2_hours_59_minutes_is_not_billable():
    check = h0015([session(day(0)), session(day(2)), session(day(4), attended=179)])
    assert check.billable_days == (date(2026, 2, 2), date(2026, 2, 4))
    assert check.status == "not_met"
    assert "Fri 2026-02-06: 2 h 59 min attended (needs 3 h)" in check.reasons
    assert "late or left early (1 min lost)" in check.reasons


def test_two_sessions_on_one_day_add_up_to_a_billable_day():
    segments = [
        session(day(0), hour=9, minutes=90),
        session(day(0), hour=13, minutes=90),
        session(day(2)),
        session(day(4)),
    ]
    check = h0015(segments)
    assert day(0) in check.billable_days
    assert check.status == "met"


def test_mid_week_the_week_can_still_qualify_with_a_third_day_scheduled():
    segments = [session(day(0)), session(day(2)), session(day(4), status="scheduled")]
    check = h0015(segments, now=local(day(3), 12))
    assert check.status == "on_track"
    assert check.qualifies is False
    assert check.can_still_qualify is True
    assert check.reasons == ("2 of 3 days with 3 h or more so far; 1 more day can still reach it",)


def test_mid_week_the_week_cannot_qualify_when_the_third_day_was_missed():
    segments = [session(day(0)), session(day(2)), session(day(3), status="absent_unexcused")]
    check = h0015(segments, now=local(day(4), 12))
    assert check.status == "cannot_reach"
    assert check.can_still_qualify is False
    assert check.reasons == (
        "at most 2 days can reach 3 h (needs 3)",
        "missed 1 session (3.0 h)",
    )
