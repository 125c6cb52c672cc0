"""A session that crosses local midnight splits its minutes between the two local days."""

from datetime import date

from . import day, session, week


def test_a_two_hour_session_from_23_00_gives_an_hour_to_each_day():
    result = week([session(day(1), hour=23, minutes=120)])
    assert result.attended_minutes_by_day[day(1)] == 60
    assert result.attended_minutes_by_day[day(2)] == 60
    assert result.scheduled_minutes_by_day[day(1)] == 60
    assert result.days_attended == 2


def test_attended_minutes_split_in_proportion_to_the_time_on_each_day():
    # 22:30 to 01:30 is 90 minutes each side; 120 of 180 attended gives 60 to each day.
    result = week([session(day(1), hour=22, minute=30, minutes=180, attended=120)])
    assert result.attended_minutes_by_day[day(1)] == 60
    assert result.attended_minutes_by_day[day(2)] == 60
    assert result.attended_minutes == 120


def test_an_uneven_split_still_adds_up_to_the_attended_minutes():
    # 23:00 to 02:00: one third before midnight.
    result = week([session(day(1), hour=23, minutes=180, attended=100)])
    assert result.attended_minutes_by_day[day(1)] + result.attended_minutes_by_day[day(2)] == 100
    assert result.attended_minutes_by_day[day(1)] == 33


def test_a_session_across_sunday_midnight_is_shared_between_two_weeks():
    overnight = session(day(6), hour=23, minutes=120)
    this_week = week([overnight])
    next_week = week([overnight], week_start=date(2026, 2, 9))
    assert this_week.attended_minutes == 60
    assert next_week.attended_minutes == 60
    assert next_week.attended_minutes_by_day[date(2026, 2, 9)] == 60


def test_split_minutes_can_leave_neither_day_billable():
    # 3 h across midnight is 1.5 h on each day: no single day reaches the 3 h that H0015 and S9480 need.
    check = week([session(day(1), hour=22, minute=30, minutes=180)], payer_codes=["s9480"]).check("s9480")
    assert check.billable_days == ()
