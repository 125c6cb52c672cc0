"""The calendar core: series at a fixed wall-clock time, single-occurrence changes, conflicts, rosters with
rolling admission, the roll call, and the weekly hours a patient's attendance adds up to."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from openiop.audit.models import AuditEvent
from openiop.schedule.models import Attendance, Session, SessionStatus
from openiop.schedule.selectors import roster, week_hours
from openiop.schedule.services import attendance_record, series_create, session_cancel, session_move

NEW_YORK = ZoneInfo("America/New_York")


def test_a_weekly_group_keeps_its_wall_clock_time_across_the_autumn_clock_change(evening_group):
    sessions = list(evening_group.sessions.all())
    assert len(sessions) == 12
    assert {s.starts_at.astimezone(NEW_YORK).time() for s in sessions} == {time(18, 0)}
    before = [s for s in sessions if s.starts_at.astimezone(NEW_YORK).date() < date(2026, 11, 1)][0]
    after = [s for s in sessions if s.starts_at.astimezone(NEW_YORK).date() > date(2026, 11, 1)][0]
    assert before.starts_at.astimezone(UTC).hour == 22  # EDT, UTC-4
    assert after.starts_at.astimezone(UTC).hour == 23  # EST, UTC-5
    assert {s.length_minutes for s in sessions} == {180}


def test_the_spring_clock_change_keeps_the_wall_clock_time_too(program_a, clinician_b, make_user):
    facilitator = make_user("clinician", [program_a])
    series = series_create(
        acting_user=facilitator,
        program=program_a,
        track=None,
        session_type="psychoeducation",
        title="Coping skills",
        weekdays=["SU"],
        start_time=time(18, 0),
        duration_minutes=90,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 15),
        facilitators=[facilitator],
        capacity=10,
        telehealth_url="https://example.org/room",
    )
    hours_utc = [s.starts_at.astimezone(UTC).hour for s in series.sessions.all()]
    assert hours_utc == [23, 22, 22]  # 1 Mar EST; 8 and 15 Mar EDT


def test_cancelling_one_occurrence_leaves_the_rest_of_the_series(evening_group, clinician_a):
    first, second = evening_group.sessions.all()[:2]
    session_cancel(acting_user=clinician_a, session=first, reason="Facilitator ill")
    assert Session.objects.get(pk=first.pk).status == SessionStatus.CANCELLED
    assert Session.objects.get(pk=second.pk).status == SessionStatus.SCHEDULED
    assert evening_group.sessions.filter(status=SessionStatus.SCHEDULED).count() == 11


def test_a_double_booked_facilitator_is_refused_naming_them_and_nothing_is_saved(evening_group, program_a, clinician_a):
    before = Session.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        series_create(
            acting_user=clinician_a,
            program=program_a,
            track=None,
            session_type="family_group",
            title="Family night",
            weekdays=["TU"],
            start_time=time(19, 0),
            duration_minutes=60,
            starts_on=date(2026, 10, 20),
            ends_on=date(2026, 10, 20),
            facilitators=[clinician_a],
            capacity=10,
            telehealth_url="https://example.org/f",
        )
    assert "already facilitates 'Evening process group'" in excinfo.value.message_dict["facilitators"][0]
    assert Session.objects.count() == before


def test_a_double_booked_room_is_refused(evening_group, program_a, make_user, room):
    other = make_user("clinician", [program_a])
    with pytest.raises(ValidationError) as excinfo:
        series_create(
            acting_user=other,
            program=program_a,
            track=None,
            session_type="holistic",
            title="Yoga",
            weekdays=["MO"],
            start_time=time(20, 0),
            duration_minutes=60,
            starts_on=date(2026, 10, 19),
            ends_on=date(2026, 10, 19),
            facilitators=[other],
            capacity=8,
            room=room,
        )
    assert "Group room 1 is booked" in excinfo.value.message_dict["room"][0]


def test_a_capacity_larger_than_the_room_is_refused(program_a, clinician_a, room):
    with pytest.raises(ValidationError, match="holds 12"):
        series_create(
            acting_user=clinician_a,
            program=program_a,
            track=None,
            session_type="group_therapy",
            title="Big group",
            weekdays=["FR"],
            start_time=time(9, 0),
            duration_minutes=60,
            starts_on=date(2026, 10, 23),
            ends_on=date(2026, 10, 23),
            facilitators=[clinician_a],
            capacity=20,
            room=room,
        )


def test_moving_one_occurrence_checks_conflicts_and_keeps_its_length(evening_group, clinician_a):
    monday, tuesday = evening_group.sessions.all()[:2]
    with pytest.raises(ValidationError):
        session_move(acting_user=clinician_a, session=monday, starts_at=tuesday.starts_at)
    moved = session_move(acting_user=clinician_a, session=monday, starts_at=monday.starts_at + timedelta(hours=-2))
    assert moved.length_minutes == 180


def _evening_episode(make_patient, program, clinician, admitted: date):
    patient, episode = make_patient(program, acting_user=clinician)
    episode.track = program.tracks.get(time_of_day="evening")
    episode.admitted_on = admitted
    episode.save()
    return episode


def test_a_patient_admitted_mid_series_is_on_every_later_session_and_none_before(
    evening_group, make_patient, program_a, clinician_a
):
    episode = _evening_episode(make_patient, program_a, clinician_a, admitted=date(2026, 10, 27))
    sessions = list(evening_group.sessions.all())
    on_roster = [episode in roster(session=s) for s in sessions]
    first_after = next(
        i for i, s in enumerate(sessions) if s.starts_at.astimezone(NEW_YORK).date() >= date(2026, 10, 27)
    )
    assert on_roster == [False] * first_after + [True] * (len(sessions) - first_after)


def test_the_roll_call_saves_everyone_in_one_go_with_an_audit_row_each(
    evening_group, make_patient, program_a, clinician_a
):
    episodes = [_evening_episode(make_patient, program_a, clinician_a, date(2026, 10, 1)) for _ in range(3)]
    session = evening_group.sessions.first()
    attendance_record(
        acting_user=clinician_a,
        session=session,
        entries={
            episodes[0].pk: ("present", None),
            episodes[1].pk: ("late", 150),
            episodes[2].pk: ("absent_unexcused", None),
        },
    )
    minutes = dict(Attendance.objects.filter(session=session).values_list("episode_id", "attended_minutes"))
    assert minutes == {episodes[0].pk: 180, episodes[1].pk: 150, episodes[2].pk: None}
    events = AuditEvent.objects.filter(object_type="attendance")
    assert sorted(events.values_list("patient_id", flat=True)) == sorted(e.patient_id for e in episodes)


@pytest.mark.parametrize(
    ("entry", "field", "message"),
    [
        (("late", None), "minutes", "Give the minutes attended"),
        (("left_early", 181), "minutes", "between 1 and 180"),
        (("asleep", None), "status", "Choose one of: present"),
    ],
)
def test_a_bad_roll_call_line_refuses_the_whole_roll_call(
    evening_group, make_patient, program_a, clinician_a, entry, field, message
):
    good, bad = (_evening_episode(make_patient, program_a, clinician_a, date(2026, 10, 1)) for _ in range(2))
    session = evening_group.sessions.first()
    with pytest.raises(ValidationError) as excinfo:
        attendance_record(acting_user=clinician_a, session=session, entries={good.pk: ("present", None), bad.pk: entry})
    assert message in excinfo.value.message_dict[f"{field}_{bad.pk}"][0]
    assert not Attendance.objects.exists()


def test_someone_not_on_the_roster_is_refused(evening_group, patient_b, clinician_a):
    episode_b = patient_b.episodes.get()
    with pytest.raises(ValidationError, match="Not on this session's roster"):
        attendance_record(
            acting_user=clinician_a, session=evening_group.sessions.first(), entries={episode_b.pk: ("present", None)}
        )


def test_three_attended_three_hour_evenings_meet_asam_2_1_and_make_an_h0015_week(
    evening_group, make_patient, program_a, clinician_a
):
    episode = _evening_episode(make_patient, program_a, clinician_a, date(2026, 10, 1))
    week = [s for s in evening_group.sessions.all() if s.starts_at.astimezone(NEW_YORK).date() < date(2026, 10, 26)]
    for session in week:
        attendance_record(acting_user=clinician_a, session=session, entries={episode.pk: ("present", None)})
    hours = week_hours(episode=episode, week_start=date(2026, 10, 19), now=datetime(2026, 10, 30, tzinfo=UTC))
    assert hours.attended_minutes == 540
    assert hours.check("asam3_2.1_adult").status == "met"
    assert hours.check("h0015").qualifies is True


def test_a_missed_evening_leaves_the_week_short_and_says_why(evening_group, make_patient, program_a, clinician_a):
    episode = _evening_episode(make_patient, program_a, clinician_a, date(2026, 10, 1))
    monday, tuesday, thursday = [
        s for s in evening_group.sessions.all() if s.starts_at.astimezone(NEW_YORK).date() < date(2026, 10, 26)
    ]
    attendance_record(acting_user=clinician_a, session=monday, entries={episode.pk: ("present", None)})
    attendance_record(acting_user=clinician_a, session=tuesday, entries={episode.pk: ("absent_unexcused", None)})
    attendance_record(acting_user=clinician_a, session=thursday, entries={episode.pk: ("left_early", 120)})
    hours = week_hours(episode=episode, week_start=date(2026, 10, 19), now=datetime(2026, 10, 30, tzinfo=UTC))
    check = hours.check("asam3_2.1_adult")
    assert (hours.attended_minutes, check.status) == (300, "not_met")
    assert any("missed 1 session" in reason for reason in check.reasons)
