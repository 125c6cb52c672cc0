"""The week calendar: Monday to Sunday in the program's zone, by track, facilitator or patient, with access
checks that are audited and a query count that does not grow with the number of sessions or patients."""

from datetime import UTC, date, datetime, time
from itertools import count

import pytest
import time_machine
from django.urls import reverse

from openiop.audit.models import AuditEvent, Outcome
from openiop.conftest import count_queries
from openiop.episodes.models import Episode
from openiop.schedule.services import series_create, session_cancel

_hour = count(7)


@pytest.fixture(autouse=True)
def wednesday_21_october_2026():
    """Every fixture and request of this module runs on one pinned clock (its weeks are fixed dates)."""
    with time_machine.travel(datetime(2026, 10, 21, 16, tzinfo=UTC), tick=True):
        yield


@pytest.fixture
def patient_a(patient_a):
    """Program A's patient, in the evening track since 1 October (make_patient admits two weeks before today)."""
    patient_a.episodes.update(admitted_on=date(2026, 10, 1))
    return patient_a


@pytest.fixture
def sunday_check_in(program_a, clinician_a, evening):
    """Sundays 23:00–00:30 by telehealth on 25 October (EDT) and 1 November (EST, the day clocks go back)."""
    return series_create(
        acting_user=clinician_a,
        program=program_a,
        track=evening,
        session_type="peer_support",
        title="Sunday check-in",
        weekdays=["SU"],
        start_time=time(23, 0),
        duration_minutes=90,
        starts_on=date(2026, 10, 25),
        ends_on=date(2026, 11, 1),
        facilitators=[clinician_a],
        capacity=10,
        telehealth_url="https://example.org/check-in",
    )


def _week(client, **params):
    return client.get(reverse("schedule:week"), params)


def _day(response, day: date) -> list[tuple[str, str]]:
    return [(e.time_range, e.session.title) for d, entries in response.context["grid"] if d == day for e in entries]


def test_the_track_week_lists_each_session_on_its_local_day_in_the_program_zone(
    client_for, clinician_a, evening, evening_group, sunday_check_in
):
    response = _week(client_for(clinician_a), track=evening.pk, date="2026-10-21")
    assert response.status_code == 200
    assert [d for d, _ in response.context["grid"]] == [date(2026, 10, 19 + n) for n in range(7)]
    assert _day(response, date(2026, 10, 19)) == [("18:00–21:00", "Evening process group")]
    assert _day(response, date(2026, 10, 21)) == []
    # 23:00 EDT on Sunday is 03:00 UTC on Monday; it stays on Sunday.
    assert _day(response, date(2026, 10, 25)) == [("23:00–00:30", "Sunday check-in")]
    html = response.content.decode()
    assert "Group room 1" in html and "telehealth" in html
    assert clinician_a.display_name in html


def test_the_week_the_clocks_go_back_keeps_its_sunday_evening_and_the_next_week_keeps_18_00(
    client_for, clinician_a, evening, evening_group, sunday_check_in
):
    client = client_for(clinician_a)
    dst_week = _week(client, track=evening.pk, date="2026-10-26")
    # 23:00 EST on 1 November is 04:00 UTC on 2 November: 169 hours after the week began, not 168.
    assert _day(dst_week, date(2026, 11, 1)) == [("23:00–00:30", "Sunday check-in")]
    assert _day(dst_week, date(2026, 10, 26)) == [("18:00–21:00", "Evening process group")]
    after = _week(client, track=evening.pk, date="2026-11-02")
    assert _day(after, date(2026, 11, 2)) == [("18:00–21:00", "Evening process group")]
    assert all(d != date(2026, 11, 1) or not entries for d, entries in after.context["grid"])


def test_previous_and_next_links_move_one_week_either_way(client_for, clinician_a, evening, evening_group):
    html = _week(client_for(clinician_a), track=evening.pk, date="2026-10-21").content.decode()
    assert f"?track={evening.pk}&amp;date=2026-10-12" in html
    assert f"?track={evening.pk}&amp;date=2026-10-26" in html


def test_a_cancelled_session_is_struck_through_with_its_reason(client_for, clinician_a, evening, evening_group):
    session_cancel(acting_user=clinician_a, session=evening_group.sessions.first(), reason="Facilitator ill")
    html = _week(client_for(clinician_a), track=evening.pk, date="2026-10-19").content.decode()
    assert "<del>" in html and "Evening process group</a></strong></del>" in html
    assert "Facilitator ill" in html


def test_a_group_shows_its_roster_size_against_its_capacity_with_rolling_admission(
    client_for, clinician_a, make_patient, program_a, evening, evening_group
):
    for admitted in (date(2026, 10, 1), date(2026, 10, 1), date(2026, 10, 21)):
        _, episode = make_patient(program_a, acting_user=clinician_a)
        episode.track, episode.admitted_on = evening, admitted
        episode.save()
    response = _week(client_for(clinician_a), track=evening.pk, date="2026-10-19")
    sizes = {d: [e.roster_size for e in entries] for d, entries in response.context["grid"] if entries}
    assert sizes == {date(2026, 10, 19): [2], date(2026, 10, 20): [2], date(2026, 10, 22): [3]}
    assert "3 / 12 on roster" in response.content.decode()


def test_without_parameters_the_week_is_my_own_sessions_this_week_with_a_calendar_link(
    client_for, clinician_a, evening_group
):
    response = _week(client_for(clinician_a))
    assert response.status_code == 200
    assert response.context["window"].monday == date(2026, 10, 19)
    assert response.context["session_count"] == 3
    html = response.content.decode()
    assert "My sessions" in html
    assert reverse("schedule:facilitator_ical", args=[clinician_a.pk]) in html
    assert "Download calendar (.ics)" in html


def test_a_colleague_can_see_a_facilitators_week(client_for, nurse_a, clinician_a, evening_group):
    response = _week(client_for(nurse_a), facilitator=clinician_a.pk, date="2026-10-19")
    assert response.status_code == 200
    assert response.context["session_count"] == 3
    # The facilitator's calendar feed is theirs and their directors' only, so no link to a 404.
    assert "Download calendar" not in response.content.decode()


def test_a_director_sees_a_facilitators_week_with_their_calendar_link(
    client_for, director_a, clinician_a, evening_group
):
    response = _week(client_for(director_a), facilitator=clinician_a.pk, date="2026-10-19")
    assert reverse("schedule:facilitator_ical", args=[clinician_a.pk]) in response.content.decode()


def test_the_patient_week_shows_their_track_and_a_calendar_link_and_is_audited_with_the_patient(
    client_for, clinician_a, patient_a, evening_group
):
    response = _week(client_for(clinician_a), patient=patient_a.pk, date="2026-10-19")
    assert response.status_code == 200
    assert response.context["session_count"] == 3
    assert reverse("schedule:patient_ical", args=[patient_a.pk]) in response.content.decode()
    event = AuditEvent.objects.filter(object_type="schedule_week").latest("pk")
    assert (event.action, event.patient_id, event.object_id) == ("read", patient_a.pk, f"patient:{patient_a.pk}")


def test_the_track_week_is_audited_as_a_read(client_for, front_desk_a, evening, evening_group):
    _week(client_for(front_desk_a), track=evening.pk, date="2026-10-19")
    event = AuditEvent.objects.filter(object_type="schedule_week").latest("pk")
    assert (event.action, event.outcome, event.object_id) == ("read", Outcome.ALLOWED, f"track:{evening.pk}")


# ---- access ----


def test_someone_not_signed_in_is_sent_to_sign_in(client, evening):
    response = client.get(reverse("schedule:week"), {"track": evening.pk})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_billing_is_refused_and_the_refusal_is_audited(client_for, billing_a, evening):
    response = _week(client_for(billing_a), track=evening.pk)
    assert response.status_code == 403
    event = AuditEvent.objects.filter(outcome=Outcome.DENIED).latest("pk")
    assert event.detail["capability"] == "schedule.view" and event.detail["reason"] == "role"


def test_front_desk_can_see_the_week(client_for, front_desk_a, evening, evening_group, patient_a):
    client = client_for(front_desk_a)
    assert _week(client, track=evening.pk, date="2026-10-19").status_code == 200
    assert _week(client, patient=patient_a.pk, date="2026-10-19").status_code == 200


def test_a_clinician_of_another_program_gets_404_for_a_patient_and_it_reveals_nothing(
    client_for, clinician_b, patient_a
):
    response = _week(client_for(clinician_b), patient=patient_a.pk)
    assert response.status_code == 404
    html = response.content.decode()
    assert patient_a.legal_last_name not in html and patient_a.mrn not in html
    event = AuditEvent.objects.filter(outcome=Outcome.DENIED).latest("pk")
    assert (event.patient_id, event.detail["reason"]) == (patient_a.pk, "scope")


@pytest.mark.parametrize("kind", ["track", "facilitator"])
def test_a_track_or_facilitator_of_another_program_gets_an_audited_404(client_for, clinician_b, clinician_a, kind):
    subject = clinician_a.pk if kind == "facilitator" else clinician_a.memberships.get().program.tracks.first().pk
    response = _week(client_for(clinician_b), **{kind: subject})
    assert response.status_code == 404
    event = AuditEvent.objects.filter(outcome=Outcome.DENIED).latest("pk")
    assert event.detail["reason"] == "scope"


@pytest.mark.parametrize("bad_date", ["21/10/2026", "9999-12-31", "2026-02-30"])
def test_a_malformed_date_is_refused_saying_what_is_allowed(client_for, clinician_a, bad_date):
    response = _week(client_for(clinician_a), date=bad_date)
    assert response.status_code == 400
    assert b"YYYY-MM-DD" in response.content


# ---- query counts ----


def _add_sessions(program, facilitator, track, room, how_many_series: int) -> None:
    """Series of three sessions (Mon, Tue, Wed in the week of 19 October), each at its own hour."""
    for _ in range(how_many_series):
        hour = next(_hour) % 24  # distinct within a test, so the facilitator and room are never double-booked
        series_create(
            acting_user=facilitator,
            program=program,
            track=track,
            session_type="psychoeducation",
            title=f"Class at {hour}:00",
            weekdays=["MO", "TU", "WE"],
            start_time=time(hour, 0),
            duration_minutes=30,
            starts_on=date(2026, 10, 19),
            ends_on=date(2026, 10, 21),
            facilitators=[facilitator],
            capacity=10,
            room=room,
        )


def _add_patients(make_patient, program, clinician, how_many: int) -> None:
    for _ in range(how_many):
        make_patient(program, acting_user=clinician)  # into the first track, the evening one
    Episode.objects.filter(program=program).update(admitted_on=date(2026, 10, 1))


@pytest.mark.parametrize("view", ["track", "facilitator", "patient"])
def test_the_week_costs_the_same_queries_for_3_or_30_sessions(
    client_for, clinician_a, program_a, evening, room, patient_a, view
):
    client = client_for(clinician_a)
    subject = {"track": evening.pk, "facilitator": clinician_a.pk, "patient": patient_a.pk}[view]
    url = f"{reverse('schedule:week')}?{view}={subject}&date=2026-10-19"
    _add_sessions(program_a, clinician_a, evening, room, 1)
    small = count_queries(client, url)
    _add_sessions(program_a, clinician_a, evening, room, 9)
    assert len(client.get(url).context["grid"][0][1]) == 10
    assert count_queries(client, url) == small


@pytest.mark.parametrize("view", ["track", "facilitator"])
def test_the_week_costs_the_same_queries_for_3_or_30_patients(
    client_for, clinician_a, program_a, evening, evening_group, make_patient, view
):
    client = client_for(clinician_a)
    subject = {"track": evening.pk, "facilitator": clinician_a.pk}[view]
    url = f"{reverse('schedule:week')}?{view}={subject}&date=2026-10-19"
    _add_patients(make_patient, program_a, clinician_a, 3)
    small = count_queries(client, url)
    _add_patients(make_patient, program_a, clinician_a, 27)
    assert "30 / 12 on roster" in client.get(url).content.decode()
    assert count_queries(client, url) == small
