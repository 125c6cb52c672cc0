"""Bad input is refused with a ValueError that names the field and what is allowed."""

from datetime import UTC, date, datetime, timedelta

import pytest

from openiop.schedule.hours import HoursInputError, ServiceSegment, week_bounds, week_of

from . import MONDAY, day, local, session, week

START = local(day(0), 18)
END = START + timedelta(hours=3)


def refusal(make) -> HoursInputError:
    with pytest.raises(HoursInputError) as raised:
        make()
    return raised.value


def test_the_error_is_a_value_error_so_generic_handlers_catch_it():
    assert issubclass(HoursInputError, ValueError)


def test_an_unknown_status_is_refused_with_the_allowed_statuses():
    error = refusal(lambda: ServiceSegment(start=START, end=END, status="late"))
    assert error.field == "status"
    assert str(error) == (
        "status: 'late' is not allowed; allowed values are attended, scheduled, absent_excused, absent_unexcused, cancelled"
    )


@pytest.mark.parametrize("field", ["start", "end"])
def test_a_naive_datetime_is_refused(field):
    times = {"start": START, "end": END} | {field: datetime(2026, 2, 2, 18, 0)}
    error = refusal(lambda: ServiceSegment(**times, status="scheduled"))
    assert error.field == field
    assert "has no time zone; give an aware datetime" in str(error)


def test_an_end_before_the_start_is_refused():
    error = refusal(lambda: ServiceSegment(start=END, end=START, status="scheduled"))
    assert error.field == "end"
    assert "is not after start" in str(error)


def test_a_session_ending_as_it_starts_is_refused():
    assert refusal(lambda: ServiceSegment(start=START, end=START, status="scheduled")).field == "end"


def test_more_attended_minutes_than_the_session_lasts_is_refused():
    error = refusal(lambda: ServiceSegment(start=START, end=END, status="attended", attended_minutes=181))
    assert str(error) == (
        "attended_minutes: 181 is more than the session's 180 minutes; "
        "allowed values are 0 to 180 (the session's length in minutes)"
    )


@pytest.mark.parametrize("value", [None, -1, 90.0, True, "90"])
def test_an_attended_session_needs_whole_attended_minutes(value):
    error = refusal(lambda: ServiceSegment(start=START, end=END, status="attended", attended_minutes=value))
    assert error.field == "attended_minutes"
    assert "allowed values are 0 to 180" in str(error)


def test_attended_minutes_on_a_session_not_attended_are_refused():
    error = refusal(lambda: ServiceSegment(start=START, end=END, status="absent_excused", attended_minutes=0))
    assert str(error) == (
        "attended_minutes: only attended sessions have attended minutes; this session is 'absent_excused', so leave it None"
    )


def test_a_non_boolean_counts_toward_hours_is_refused():
    error = refusal(lambda: ServiceSegment(start=START, end=END, status="scheduled", counts_toward_hours="yes"))
    assert error.field == "counts_toward_hours"


def test_an_unknown_time_zone_is_refused():
    error = refusal(lambda: week([], zone="America/Chicgo"))
    assert str(error) == "time_zone: 'America/Chicgo' is not an IANA time zone; use a name such as America/New_York"


def test_an_unknown_payer_code_is_refused_with_the_known_ones():
    error = refusal(lambda: week([], payer_codes=["h0016"]))
    assert str(error) == (
        "payer_codes: 'h0016' is not a known payer rule; known codes are h0015, s9480, s9480_ny_scheduled_9h, medicare_iop"
    )


def test_one_payer_code_as_a_bare_string_is_refused():
    error = refusal(lambda: week([], payer_codes="h0015"))
    assert error.field == "payer_codes"


def test_a_naive_now_is_refused():
    assert refusal(lambda: week([], now=datetime(2026, 2, 10, 12, 0))).field == "now"


def test_a_week_start_that_is_not_a_monday_is_refused():
    error = refusal(lambda: week([], week_start=date(2026, 2, 4)))
    assert str(error) == "week_start: 2026-02-04 is a Wednesday; weeks start on Monday (2026-02-02 for this one)"


def test_a_bare_level_code_is_refused_because_2_5_means_two_things():
    error = refusal(lambda: week([], level="2.5"))
    assert error.field == "level"
    assert "give (edition, code) such as ('asam3', '2.1')" in str(error)


def test_a_level_code_not_in_its_edition_is_refused_with_the_edition_codes():
    error = refusal(lambda: week([], level=("asam4", "3.3")))
    assert "codes in asam4: 1.0, 1.5, 1.7, 2.1, 2.5, 2.7, 3.1, 3.5, 3.7, 4" in str(error)


def test_an_unknown_population_is_refused():
    error = refusal(lambda: week([], population="child"))
    assert str(error) == "population: 'child' is not allowed; allowed values are adult, adolescent"


def test_something_other_than_a_segment_is_refused_by_position():
    error = refusal(lambda: week([session(day(0)), {"start": START}]))
    assert error.field == "segments[1]"


def test_week_bounds_and_week_of_refuse_the_wrong_kind_of_time():
    assert refusal(lambda: week_bounds(datetime(2026, 2, 2, tzinfo=UTC))).field == "day"
    assert refusal(lambda: week_of(datetime(2026, 2, 2), "UTC")).field == "moment"
    assert refusal(lambda: week_of(datetime(2026, 2, 2, tzinfo=UTC), "Nowhere/City")).field == "time_zone"
    assert week_bounds(MONDAY)[0] == MONDAY
