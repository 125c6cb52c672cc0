"""In Chromium: a director builds a recurring group from the track's week, gives one occurrence a topic and
cancels it, then books an individual visit for a patient from their chart's Schedule tab."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login
from openiop.core.timezones import local_today
from openiop.schedule.models import Room, Session, SessionSeries, SessionStatus

pytestmark = pytest.mark.browser


def test_a_director_builds_a_group_changes_one_occurrence_and_books_a_visit(
    live_app, page, director_a, clinician_a, program_a, make_patient
):
    TOTPDevice.objects.create(user=director_a, name="phone", confirmed=True)
    room = Room.objects.create(program=program_a, name="Group room 1", capacity=12)
    office = Room.objects.create(program=program_a, name="Office 2", capacity=3)
    evening = program_a.tracks.get(time_of_day="evening")
    patient, episode = make_patient(
        program_a, acting_user=clinician_a, legal_first_name="Alma", legal_last_name="Quinlan"
    )
    today = local_today(program_a.time_zone)
    monday = today + timedelta(days=7 - today.weekday())  # next Monday, so every session is in the future

    browser_login(page, live_app, director_a, next_path=f"{reverse('schedule:week')}?track={evening.pk}")
    page.click("main a:has-text('New recurring group')")
    page.select_option("#id_program", str(program_a.pk))
    page.select_option("#id_track", str(evening.pk))
    page.select_option("#id_session_type", "psychoeducation")
    page.fill("#id_title", "Relapse prevention")
    page.check("input[name=weekdays][value=MO]")
    page.check("input[name=weekdays][value=WE]")
    page.fill("#id_start_time", "10:00")
    page.fill("#id_duration_minutes", "90")
    page.fill("#id_starts_on", monday.isoformat())
    page.fill("#id_ends_on", (monday + timedelta(days=13)).isoformat())
    page.fill("#id_capacity", "10")
    page.select_option("#id_facilitators", str(director_a.pk))
    page.select_option("#id_room", str(room.pk))
    page.click("main button:has-text('Create the sessions')")

    page.wait_for_selector("text=created: 4 sessions")
    assert f"track={evening.pk}" in page.url
    occurrences = page.locator("main .week-grid a:has-text('Relapse prevention')")
    assert occurrences.count() == 2  # Monday and Wednesday of the first week
    series = SessionSeries.objects.get(title="Relapse prevention")
    assert series.sessions.count() == 4

    occurrences.first.click()
    page.wait_for_selector("main h1:has-text('Relapse prevention')")
    page.fill("#id_topic", "Coping with cravings")
    page.click("main button:has-text('Save topic')")
    page.wait_for_selector("text=Topic saved.")
    assert page.locator("main dl.facts").inner_text().count("Coping with cravings") == 1
    page.fill("#id_reason", "Facilitator at a training day")
    page.click("main button:has-text('Cancel the session')")
    page.wait_for_selector("text=Session cancelled.")
    assert page.locator("main h1 .badge.cancelled").is_visible()
    assert page.locator("main button:has-text('Cancel the session')").count() == 0
    first = series.sessions.order_by("starts_at").first()
    assert (first.topic, first.status, first.status_reason) == (
        "Coping with cravings",
        SessionStatus.CANCELLED,
        "Facilitator at a training day",
    )
    assert series.sessions.filter(status=SessionStatus.SCHEDULED).count() == 3

    page.goto(f"{live_app}{reverse('schedule:chart', args=[patient.pk])}")
    page.click("main a:has-text('Book an appointment')")
    tuesday = monday + timedelta(days=1)
    page.select_option("#id_session_type", "individual_therapy")
    page.fill("#id_day", tuesday.isoformat())
    page.fill("#id_start_time", "14:00")
    page.fill("#id_duration_minutes", "50")
    page.select_option("#id_facilitators", str(clinician_a.pk))
    page.select_option("#id_room", str(office.pk))
    page.click("main button:has-text('Book')")

    page.wait_for_selector(f"text=Appointment booked for {tuesday:%a %Y-%m-%d} at 14:00.")
    assert f"patient={patient.pk}" in page.url
    tuesday_cell = page.locator(f"main td[data-day='{tuesday.isoformat()}']")
    assert "Individual therapy" in tuesday_cell.inner_text()
    assert "14:00" in tuesday_cell.inner_text()
    visit = Session.objects.get(episode=episode)
    assert (visit.room, visit.session_type) == (office, "individual_therapy")
