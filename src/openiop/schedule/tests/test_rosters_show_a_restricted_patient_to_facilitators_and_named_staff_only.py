"""Rosters and calendars go through the access policy, with one exception for the room.

A restricted record (e.g. a staff member who is also a patient) is on a session's roll call and sign-in sheet
for the session's facilitators — they are in the room and must take everyone's attendance — and for the staff
the privacy officer named; other staff of the program do not see it there. An individual appointment names its
patient, so for those other staff it is "not found" and missing from the week calendars and iCalendar feeds."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from openiop.accounts.roles import Role
from openiop.core.timezones import local_today
from openiop.privacy.services import patient_restrict
from openiop.schedule.hours import week_bounds
from openiop.schedule.models import Attendance, Room
from openiop.schedule.services import appointment_book, series_create


@pytest.fixture
def colleague(make_user, program_a):
    """A clinician of program A who leads none of these sessions and is named on no record."""
    return make_user(Role.CLINICIAN, [program_a], username="colleague-a")


@pytest.fixture
def group_session(program_a, clinician_a, patient_a, make_patient):
    """This week's Monday evening group led by clinician_a, with Alma Quinlan (restricted: only director_a is
    named) and Bruno Keller on its roster."""
    evening = program_a.tracks.get(time_of_day="evening")
    for episode in (
        patient_a.episodes.get(),
        make_patient(program_a, acting_user=clinician_a, legal_first_name="Bruno", legal_last_name="Keller")[1],
    ):
        episode.track, episode.admitted_on = evening, date(2026, 1, 5)
        episode.save()
    monday = week_bounds(local_today(program_a.time_zone))[0]
    series = series_create(
        acting_user=clinician_a,
        program=program_a,
        track=evening,
        session_type="group_therapy",
        title="Evening group",
        weekdays=["MO"],
        start_time=time(18, 0),
        duration_minutes=180,
        starts_on=monday,
        ends_on=monday,
        facilitators=[clinician_a],
        capacity=14,
        room=Room.objects.create(program=program_a, name="Room 1", capacity=14),
    )
    return series.sessions.get()


@pytest.fixture
def restricted(patient_a, privacy_officer, director_a):
    return patient_restrict(acting_user=privacy_officer, patient=patient_a, allowed_users=[director_a], reason="Staff")


@pytest.fixture
def appointment(program_a, clinician_a, patient_a):
    """Alma Quinlan's individual session with clinician_a, tomorrow at 10:00."""
    day = local_today(program_a.time_zone) + timedelta(days=1)
    return appointment_book(
        acting_user=clinician_a,
        episode=patient_a.episodes.get(),
        session_type="individual_therapy",
        starts_at=datetime.combine(day, time(10, 0), tzinfo=ZoneInfo(program_a.time_zone)),
        duration_minutes=50,
        facilitators=[clinician_a],
        telehealth_url="https://telehealth.example.org/room",
    )


def _page(client_for, user, url) -> str:
    response = client_for(user).get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("name", ["schedule:roll_call", "schedule:sign_in_sheet"])
def test_the_roster_shows_a_restricted_patient_to_the_facilitator_and_named_staff_only(
    client_for, clinician_a, director_a, colleague, group_session, restricted, name
):
    url = reverse(name, args=[group_session.pk])
    others = _page(client_for, colleague, url)
    assert "Quinlan" not in others and "Keller" in others
    assert "Quinlan" in _page(client_for, clinician_a, url)  # leads the group, so is in the room
    assert "Quinlan" in _page(client_for, director_a, url)


def test_a_roll_call_by_staff_not_named_records_only_the_patients_they_see(
    client_for, colleague, group_session, restricted
):
    hidden = restricted.episodes.get()
    shown = group_session.program.episodes.exclude(pk=hidden.pk).get()
    data = {f"status_{shown.pk}": "present", f"status_{hidden.pk}": "absent_unexcused"}
    response = client_for(colleague).post(reverse("schedule:roll_call", args=[group_session.pk]), data)
    assert response.status_code == 302
    assert list(Attendance.objects.values_list("episode_id", "status")) == [(shown.pk, "present")]


def test_an_appointment_with_a_restricted_patient_is_not_found_for_staff_who_neither_lead_it_nor_are_named(
    client_for, clinician_a, director_a, colleague, appointment, restricted
):
    url = reverse("schedule:session", args=[appointment.pk])
    refused = client_for(colleague).get(url)
    assert refused.status_code == 404 and "Quinlan" not in refused.content.decode()
    assert "Quinlan" in _page(client_for, clinician_a, url)
    assert "Quinlan" in _page(client_for, director_a, url)


def test_a_colleagues_week_leaves_out_an_appointment_with_a_restricted_patient_for_staff_not_named(
    client_for, clinician_a, director_a, colleague, program_a, appointment, restricted
):
    day = appointment.starts_at.astimezone(ZoneInfo(program_a.time_zone)).date()
    url = reverse("schedule:week") + f"?facilitator={clinician_a.pk}&date={day:%Y-%m-%d}"
    link = reverse("schedule:session", args=[appointment.pk])
    assert link not in _page(client_for, colleague, url)
    assert link in _page(client_for, clinician_a, url)
    assert link in _page(client_for, director_a, url)


def test_a_directors_copy_of_a_facilitators_feed_has_the_appointment_only_if_the_director_is_named(
    client_for, clinician_a, director_a, colleague, privacy_officer, appointment, restricted
):
    uid = f"session-{appointment.pk}@openiop"
    url = reverse("schedule:facilitator_ical", args=[clinician_a.pk])

    def uids() -> set[str]:
        response = client_for(director_a).get(url)
        return {str(event["UID"]) for event in Calendar.from_ical(response.content).walk("VEVENT")}

    assert uid in uids()
    patient_restrict(acting_user=privacy_officer, patient=restricted, allowed_users=[colleague], reason="Staff")
    assert uid not in uids()
