"""Peer support sees alumni only (issue 8), in the work lists too: their home page is the alumni follow-up (no
census of patients in treatment, no caseload, no clinical alerts), and the schedule's rosters and calendars
leave out patients in treatment — except on the roster of a group they lead, because they are in the room.
(Their task list is covered in test_peer_support_sees_alumni_information_only.)"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from openiop.continuity.tests.builders import alumni_episode
from openiop.core.timezones import local_today
from openiop.measures.services import measure_record
from openiop.schedule.hours import week_bounds
from openiop.schedule.models import Room
from openiop.schedule.services import appointment_book, series_create


@pytest.fixture
def alumnus(make_patient, program_a, clinician_a):
    """Discharged 65 days ago: the day-60 check-in is due."""
    return alumni_episode(make_patient, program_a, clinician=clinician_a, discharged_days_ago=65).patient


@pytest.fixture
def evening_group(program_a, clinician_a, patient_a):
    """Make a Monday group in the evening track, where Alma Quinlan (in treatment) is placed."""
    evening = program_a.tracks.get(time_of_day="evening")
    episode = patient_a.episodes.get()
    episode.track, episode.admitted_on = evening, date(2026, 1, 5)
    episode.save()
    monday = week_bounds(local_today(program_a.time_zone))[0]
    room = Room.objects.create(program=program_a, name="Room 1", capacity=14)

    def make(*, session_type: str, facilitator, start: time):
        series = series_create(
            acting_user=clinician_a,
            program=program_a,
            track=evening,
            session_type=session_type,
            title="Evening group",
            weekdays=["MO"],
            start_time=start,
            duration_minutes=60,
            starts_on=monday,
            ends_on=monday,
            facilitators=[facilitator],
            capacity=14,
            room=room,
        )
        return series.sessions.get()

    return make


def _page(client_for, user, url) -> str:
    response = client_for(user).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_page_is_the_alumni_follow_up_without_the_census_or_clinical_alerts(
    client_for, peer_support_a, clinician_a, patient_a, alumnus
):
    measure_record(
        acting_user=clinician_a,
        patient=patient_a,
        episode=patient_a.episodes.get(),
        instrument="PHQ-9",
        answers=[0, 0, 0, 0, 0, 0, 0, 0, 2],
    )
    home = _page(client_for, peer_support_a, reverse("episodes:dashboard"))
    assert "<strong>1</strong> due" in home and reverse("continuity:alumni") in home
    assert "Quinlan" not in home and "Open safety alerts" not in home
    assert 'data-testid="active-' not in home and "My caseload" not in home


def test_the_alumni_board_lists_alumni_and_no_patient_in_treatment(client_for, peer_support_a, patient_a, alumnus):
    board = _page(client_for, peer_support_a, reverse("continuity:alumni"))
    assert alumnus.mrn in board and patient_a.mrn not in board


@pytest.mark.parametrize("name", ["schedule:roll_call", "schedule:sign_in_sheet"])
def test_the_roster_of_a_treatment_group_peer_support_does_not_lead_shows_no_patient_in_treatment(
    client_for, peer_support_a, clinician_a, evening_group, name
):
    session = evening_group(session_type="group_therapy", facilitator=clinician_a, start=time(18, 0))
    assert "Quinlan" not in _page(client_for, peer_support_a, reverse(name, args=[session.pk]))


def test_peer_support_leading_a_peer_support_group_sees_its_whole_roster(client_for, peer_support_a, evening_group):
    session = evening_group(session_type="peer_support", facilitator=peer_support_a, start=time(17, 0))
    assert "Quinlan" in _page(client_for, peer_support_a, reverse("schedule:roll_call", args=[session.pk]))


def test_a_clinicians_week_and_appointment_pages_show_peer_support_no_patient_in_treatment(
    client_for, peer_support_a, clinician_a, program_a, patient_a
):
    day = local_today(program_a.time_zone) + timedelta(days=1)
    appointment = appointment_book(
        acting_user=clinician_a,
        episode=patient_a.episodes.get(),
        session_type="individual_therapy",
        starts_at=datetime.combine(day, time(10, 0), tzinfo=ZoneInfo(program_a.time_zone)),
        duration_minutes=50,
        facilitators=[clinician_a],
        telehealth_url="https://telehealth.example.org/room",
    )
    week = _page(client_for, peer_support_a, reverse("schedule:week") + f"?facilitator={clinician_a.pk}&date={day}")
    assert reverse("schedule:session", args=[appointment.pk]) not in week
    refused = client_for(peer_support_a).get(reverse("schedule:session", args=[appointment.pk]))
    assert refused.status_code == 404 and "Quinlan" not in refused.content.decode()
