"""For any sessions: attended never exceeds scheduled, and the days add up exactly, in every week and zone."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from openiop.schedule.hours import SEGMENT_STATUSES, ServiceSegment, week_of, weekly_hours

ZONES = ["America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London", "Asia/Kolkata", "UTC"]
# Two weeks either side of each 2026 US clock change, so splits land on odd days.
ANCHORS = [datetime(2026, 3, 8, 7, 0, tzinfo=UTC), datetime(2026, 11, 1, 6, 0, tzinfo=UTC)]


@st.composite
def segments(draw):
    anchor = draw(st.sampled_from(ANCHORS))
    start = anchor + timedelta(minutes=draw(st.integers(-20_000, 20_000)), seconds=draw(st.integers(0, 59)))
    length = timedelta(minutes=draw(st.integers(1, 1_500)), seconds=draw(st.integers(0, 59)))
    status = draw(st.sampled_from(SEGMENT_STATUSES))
    whole_minutes = length // timedelta(minutes=1)
    attended = draw(st.integers(0, whole_minutes)) if status == "attended" else None
    return ServiceSegment(start=start, end=start + length, status=status, attended_minutes=attended)


def weeks_touched(segment: ServiceSegment, zone: str) -> list[date]:
    first, last = week_of(segment.start, zone), week_of(segment.end, zone)
    return [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]


def hours(segment_list, monday, zone):
    return weekly_hours(
        segments=segment_list,
        week_start=monday,
        time_zone=zone,
        now=datetime(2026, 6, 1, tzinfo=UTC),
        level=("asam3", "2.1"),
        population="adult",
        payer_codes=["h0015", "s9480", "medicare_iop"],
    )


@settings(max_examples=300, deadline=None)
@given(segment=segments(), zone=st.sampled_from(ZONES))
def test_one_session_splits_into_days_and_weeks_that_add_up_exactly(segment, zone):
    attended_total = scheduled_total = 0
    for monday in weeks_touched(segment, zone):
        result = hours([segment], monday, zone)
        assert sum(result.attended_minutes_by_day.values()) == result.attended_minutes
        assert sum(result.scheduled_minutes_by_day.values()) == result.scheduled_minutes
        for day, attended in result.attended_minutes_by_day.items():
            assert 0 <= attended <= result.scheduled_minutes_by_day[day]
        attended_total += result.attended_minutes
        scheduled_total += result.scheduled_minutes
    assert attended_total == (segment.attended_minutes or 0)
    assert scheduled_total == (0 if segment.status == "cancelled" else segment.length_minutes)
    assert attended_total <= segment.length_minutes


@settings(max_examples=200, deadline=None)
@given(segment_list=st.lists(segments(), max_size=12), zone=st.sampled_from(ZONES), anchor=st.sampled_from(ANCHORS))
def test_a_week_of_many_sessions_never_attends_more_than_it_scheduled(segment_list, zone, anchor):
    result = hours(segment_list, week_of(anchor, zone), zone)
    assert result.attended_minutes <= result.scheduled_minutes
    assert sum(result.attended_minutes_by_day.values()) == result.attended_minutes
    assert result.projected_minutes == result.attended_minutes + result.remaining_scheduled_minutes
    assert result.days_attended == sum(1 for minutes in result.attended_minutes_by_day.values() if minutes)
