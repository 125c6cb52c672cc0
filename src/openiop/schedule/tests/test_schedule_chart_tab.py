"""The chart's Schedule tab: this week's and next week's sessions of the patient's track with their attendance,
and this week's hours against the level-of-care and payer rules, in plain words."""

import re
from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.urls import reverse

from openiop.audit.models import AuditEvent, Outcome
from openiop.conftest import count_queries
from openiop.schedule.services import attendance_record, series_create, session_cancel


@pytest.fixture(autouse=True)
def wednesday_21_october_2026():
    with time_machine.travel(datetime(2026, 10, 21, 16, tzinfo=UTC), tick=True):
        yield


@pytest.fixture
def patient_and_episode(make_patient, program_a, clinician_a):
    """Admitted to the evening track (the program's first) on 7 October, two weeks before "today"."""
    return make_patient(program_a, acting_user=clinician_a)


def _monday_and_tuesday(series):
    return list(series.sessions.all()[:2])


def test_the_tab_lists_this_week_and_next_week_with_attendance_where_recorded(
    client_for, clinician_a, evening_group, patient_and_episode
):
    patient, episode = patient_and_episode
    monday, tuesday = _monday_and_tuesday(evening_group)
    attendance_record(acting_user=clinician_a, session=monday, entries={episode.pk: ("present", None)})
    attendance_record(acting_user=clinician_a, session=tuesday, entries={episode.pk: ("absent_unexcused", None)})
    session_cancel(acting_user=clinician_a, session=evening_group.sessions.all()[3], reason="Holiday")

    response = client_for(clinician_a).get(reverse("schedule:chart", args=[patient.pk]))
    assert response.status_code == 200
    this_week, next_week = response.context["weeks"]
    assert [(e.day_label, e.time_range, e.attendance_label) for e in this_week[2]] == [
        ("Mon 2026-10-19", "18:00–21:00", "Present"),
        ("Tue 2026-10-20", "18:00–21:00", "Absent, unexcused"),
        ("Thu 2026-10-22", "18:00–21:00", ""),
    ]
    assert [e.day.isoformat() for e in next_week[2]] == ["2026-10-26", "2026-10-27", "2026-10-29"]
    html = response.content.decode()
    assert "Holiday" in html and re.search(
        r"<del><a href=\"/schedule/sessions/\d+/\">Evening process group</a></del>", html
    )
    assert 'aria-current="page">Schedule</a>' in html


def test_the_hours_summary_says_attended_against_scheduled_and_why_a_rule_cannot_be_met(
    client_for, clinician_a, evening_group, patient_and_episode
):
    patient, episode = patient_and_episode
    monday, tuesday = _monday_and_tuesday(evening_group)
    attendance_record(acting_user=clinician_a, session=monday, entries={episode.pk: ("present", None)})
    attendance_record(acting_user=clinician_a, session=tuesday, entries={episode.pk: ("absent_unexcused", None)})

    html = client_for(clinician_a).get(reverse("schedule:chart", args=[patient.pk])).content.decode()
    assert "<strong>3 h</strong> attended of <strong>9 h</strong> scheduled" in html
    # ASAM 2.1 needs 9 hours: 3 attended + 3 still scheduled on Thursday cannot reach it.
    assert "Cannot be met this week" in html
    assert "Missed 1 session (3.0 h)" in html


def test_the_tab_is_audited_as_a_read_of_the_chart(client_for, clinician_a, patient_and_episode):
    patient, _ = patient_and_episode
    client_for(clinician_a).get(reverse("schedule:chart", args=[patient.pk]))
    event = AuditEvent.objects.filter(object_type="chart", object_id="schedule").latest("pk")
    assert (event.action, event.patient_id) == ("read", patient.pk)


def test_a_clinician_of_another_program_gets_an_audited_404(client_for, clinician_b, patient_and_episode):
    patient, _ = patient_and_episode
    response = client_for(clinician_b).get(reverse("schedule:chart", args=[patient.pk]))
    assert response.status_code == 404
    assert patient.legal_last_name not in response.content.decode()
    event = AuditEvent.objects.filter(outcome=Outcome.DENIED).latest("pk")
    assert (event.patient_id, event.detail["reason"]) == (patient.pk, "scope")


def test_billing_gets_an_audited_403(client_for, billing_a, patient_and_episode):
    patient, _ = patient_and_episode
    assert client_for(billing_a).get(reverse("schedule:chart", args=[patient.pk])).status_code == 403
    assert AuditEvent.objects.filter(outcome=Outcome.DENIED, patient_id=patient.pk).exists()


def test_the_tab_costs_the_same_queries_with_more_sessions_and_attendance(
    client_for, clinician_a, program_a, evening_group, patient_and_episode
):
    patient, episode = patient_and_episode
    client = client_for(clinician_a)
    url = reverse("schedule:chart", args=[patient.pk])
    small = count_queries(client, url)
    series_create(
        acting_user=clinician_a,
        program=program_a,
        track=episode.track,
        session_type="psychoeducation",
        title="Morning class",
        weekdays=["MO", "TU", "WE", "TH", "FR"],
        start_time=time(9, 0),
        duration_minutes=60,
        starts_on=date(2026, 10, 19),
        ends_on=date(2026, 11, 1),
        facilitators=[clinician_a],
        capacity=10,
        telehealth_url="https://example.org/class",
    )
    monday, tuesday = _monday_and_tuesday(evening_group)
    for session in (monday, tuesday):
        attendance_record(acting_user=clinician_a, session=session, entries={episode.pk: ("present", None)})
    assert count_queries(client, url) == small


def test_front_desk_sees_a_patients_week_but_not_the_chart_tab(front_desk_a, patient_a, client_for):
    client = client_for(front_desk_a)
    assert client.get(f"/patients/{patient_a.pk}/schedule/").status_code == 403
    assert client.get(f"/schedule/week/?patient={patient_a.pk}").status_code == 200
