from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from openiop.audit.models import AuditEvent
from openiop.conftest import count_queries
from openiop.core.timezones import local_today
from openiop.schedule.hours import week_bounds
from openiop.schedule.models import Attendance, Room
from openiop.schedule.services import series_create


@pytest.fixture
def group(program_a, clinician_a):
    """The evening track's Mon–Fri 18:00–21:00 group, from two weeks ago, in Program A's zone."""
    room = Room.objects.create(program=program_a, name="Room 1", capacity=14)
    monday = week_bounds(local_today(program_a.time_zone))[0] - timedelta(weeks=2)
    return series_create(
        acting_user=clinician_a,
        program=program_a,
        track=program_a.tracks.get(time_of_day="evening"),
        session_type="group_therapy",
        title="Evening group",
        weekdays=["MO", "TU", "WE", "TH", "FR"],
        start_time=time(18, 0),
        duration_minutes=180,
        starts_on=monday,
        ends_on=monday + timedelta(weeks=3),
        facilitators=[clinician_a],
        capacity=14,
        room=room,
    )


@pytest.fixture
def in_group(make_patient, program_a, clinician_a):
    def make(count: int):
        episodes = []
        for _ in range(count):
            _, episode = make_patient(program_a, acting_user=clinician_a)
            episode.track = program_a.tracks.get(time_of_day="evening")
            episode.admitted_on = date(2026, 1, 5)
            episode.save()
            episodes.append(episode)
        return episodes

    return make


def test_the_roll_call_page_lists_the_roster_and_saves_everyone(group, in_group, clinician_a, client_for):
    episodes = in_group(3)
    session = group.sessions.first()
    client = client_for(clinician_a)
    page = client.get(reverse("schedule:roll_call", args=[session.pk])).content.decode()
    for episode in episodes:
        assert episode.patient.display_name in page
    data = {f"status_{e.pk}": "present" for e in episodes}
    data[f"status_{episodes[1].pk}"] = "left_early"
    data[f"minutes_{episodes[1].pk}"] = "100"
    response = client.post(reverse("schedule:roll_call", args=[session.pk]), data)
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("episode_id", "attended_minutes")) == {
        episodes[0].pk: 180,
        episodes[1].pk: 100,
        episodes[2].pk: 180,
    }


def test_a_bad_minute_count_keeps_the_roll_call_as_typed_and_saves_nothing(group, in_group, clinician_a, client_for):
    episodes = in_group(2)
    session = group.sessions.first()
    data = {
        f"status_{episodes[0].pk}": "late",
        f"minutes_{episodes[0].pk}": "999",
        f"status_{episodes[1].pk}": "absent_excused",
    }
    response = client_for(clinician_a).post(reverse("schedule:roll_call", args=[session.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Minutes attended must be between 1 and 180" in page
    assert 'value="999"' in page and f'name="status_{episodes[1].pk}" value="absent_excused" checked' in page
    assert not Attendance.objects.exists()


def test_only_clinical_staff_of_the_program_take_attendance(group, clinician_b, billing_a, client_for):
    url = reverse("schedule:roll_call", args=[group.sessions.first().pk])
    assert client_for(billing_a).get(url).status_code == 403
    assert client_for(clinician_b).get(url).status_code == 404
    denied = AuditEvent.objects.filter(outcome="denied", object_type="session")
    assert set(denied.values_list("username", flat=True)) == {billing_a.username, clinician_b.username}


def test_the_hours_dashboard_lists_who_is_under_the_minimum(group, in_group, clinician_a, director_a, client_for):
    attending, missing = in_group(2)
    client = client_for(clinician_a)
    last_week = [s for s in group.sessions.all() if s.ends_at < timezone.now()][-5:]
    for session in last_week:
        client.post(
            reverse("schedule:roll_call", args=[session.pk]),
            {f"status_{attending.pk}": "present", f"status_{missing.pk}": "absent_unexcused"},
        )
    page = client_for(director_a).get(reverse("schedule:compliance")).content.decode()
    assert missing.patient.display_name in page
    assert "missed" in page


def test_the_hours_dashboard_takes_as_many_queries_for_30_patients_as_for_3(group, in_group, director_a, client_for):
    client = client_for(director_a)
    url = reverse("schedule:compliance") + "?show=all"
    in_group(3)
    small = count_queries(client, url)
    in_group(27)
    assert count_queries(client, url) == small


def test_the_facilitator_sees_todays_sessions_with_a_roll_call_link(program_a, clinician_a, client_for):
    room = Room.objects.create(program=program_a, name="Room 2", capacity=10)
    today = local_today(program_a.time_zone)
    series = series_create(
        acting_user=clinician_a,
        program=program_a,
        track=None,
        session_type="psychoeducation",
        title="Cravings class",
        weekdays=[["MO", "TU", "WE", "TH", "FR", "SA", "SU"][today.weekday()]],
        start_time=time(12, 0),
        duration_minutes=60,
        starts_on=today,
        ends_on=today,
        facilitators=[clinician_a],
        capacity=10,
        room=room,
    )
    page = client_for(clinician_a).get(reverse("schedule:today")).content.decode()
    assert "Cravings class" in page
    assert reverse("schedule:roll_call", args=[series.sessions.get().pk]) in page


def test_the_hours_dashboard_is_paged(group, in_group, director_a, client_for, monkeypatch):
    from openiop.schedule import views

    monkeypatch.setattr(views, "COMPLIANCE_PAGE_SIZE", 2)
    episodes = in_group(3)
    client = client_for(director_a)
    first = client.get(reverse("schedule:compliance"), {"show": "all"}).content.decode()
    second = client.get(reverse("schedule:compliance"), {"show": "all", "page": 2}).content.decode()
    names = [e.patient.display_name for e in episodes]
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert sum(name in first for name in names) == 2 and sum(name in second for name in names) == 1
