"""Mid-week, attended plus still-scheduled hours say whether the week can still meet its rule, and why not."""

from . import day, local, session, week

THURSDAY_NOON = local(day(3), 12)


def asam_2_1(segments, now=THURSDAY_NOON):
    result = week(segments, now=now)
    return result, result.check("asam3_2.1_adult")


def test_a_week_with_enough_hours_still_scheduled_is_on_track():
    segments = [session(day(0)), session(day(2)), session(day(4), status="scheduled")]
    result, check = asam_2_1(segments)
    assert result.phase == "current"
    assert (result.attended_minutes, result.remaining_scheduled_minutes, result.projected_minutes) == (360, 180, 540)
    assert check.status == "on_track"
    assert check.reasons == ("needs 3.0 h more; 3.0 h still scheduled",)


def test_a_week_already_at_nine_hours_is_met_mid_week():
    segments = [session(day(0)), session(day(1)), session(day(2)), session(day(4), status="scheduled")]
    _, check = asam_2_1(segments)
    assert check.status == "met"


def test_a_missed_session_makes_the_week_unreachable():
    segments = [session(day(0)), session(day(2), status="absent_unexcused"), session(day(4), status="scheduled")]
    _, check = asam_2_1(segments)
    assert check.status == "cannot_reach"
    assert check.reasons == (
        "at most 6.0 h possible: 3.0 h attended + 3.0 h still scheduled (needs 9 h)",
        "missed 1 session (3.0 h)",
    )


def test_two_missed_sessions_are_counted_together():
    segments = [
        session(day(0), status="absent_excused"),
        session(day(1), status="absent_unexcused"),
        session(day(2)),
        session(day(4), status="scheduled"),
    ]
    _, check = asam_2_1(segments)
    assert "missed 2 sessions (6.0 h)" in check.reasons


def test_arriving_late_and_leaving_early_makes_the_week_unreachable():
    segments = [session(day(0), attended=150), session(day(2), attended=165), session(day(4), status="scheduled")]
    _, check = asam_2_1(segments)
    assert check.status == "cannot_reach"
    assert check.reasons == (
        "at most 8 h 15 min possible: 5 h 15 min attended + 3.0 h still scheduled (needs 9 h)",
        "late or left early (45 min lost)",
    )


def test_too_few_hours_scheduled_makes_the_week_unreachable():
    segments = [session(day(0)), session(day(2)), session(day(4), minutes=90, status="scheduled")]
    _, check = asam_2_1(segments)
    assert check.status == "cannot_reach"
    assert check.reasons == (
        "at most 7.5 h possible: 6.0 h attended + 1.5 h still scheduled (needs 9 h)",
        "only 7.5 h scheduled this week (needs 9 h)",
    )


def test_a_cancelled_session_is_named_with_the_thin_schedule():
    segments = [session(day(0)), session(day(2)), session(day(4), status="cancelled")]
    result, check = asam_2_1(segments)
    assert result.scheduled_minutes == 360
    assert check.status == "cannot_reach"
    assert check.reasons[1:] == ("1 session cancelled (3.0 h)", "only 6.0 h scheduled this week (needs 9 h)")


def test_a_past_session_with_no_attendance_recorded_does_not_count_as_still_to_come():
    segments = [session(day(0)), session(day(2), status="scheduled"), session(day(4), status="scheduled")]
    result, check = asam_2_1(segments)
    assert result.remaining_scheduled_minutes == 180
    assert check.status == "cannot_reach"
    assert "1 session (3.0 h) with no attendance recorded" in check.reasons


def test_a_session_in_progress_still_counts_as_to_come():
    segments = [session(day(0)), session(day(2)), session(day(3), hour=11, status="scheduled")]
    result, check = asam_2_1(segments)
    assert result.remaining_scheduled_minutes == 180
    assert check.status == "on_track"


def test_a_future_week_is_judged_on_its_schedule():
    segments = [session(day(offset), status="scheduled") for offset in (0, 2, 4)]
    result, check = asam_2_1(segments, now=local(day(-3), 12))
    assert result.phase == "future"
    assert check.status == "on_track"


def test_once_the_week_is_over_unreached_is_not_met():
    segments = [session(day(0)), session(day(2)), session(day(4), status="scheduled")]
    result, check = asam_2_1(segments, now=local(day(7), 0, 1))
    assert result.phase == "past"
    assert result.remaining_scheduled_minutes == 0
    assert check.status == "not_met"
    assert check.reasons == ("6.0 h attended (needs 9 h)", "1 session (3.0 h) with no attendance recorded")
