"""The issue's acceptance test: a facilitator takes attendance for a 12-person group in the browser."""

import time as clock
from datetime import date, time, timedelta

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login
from openiop.core.timezones import local_today
from openiop.schedule.models import Attendance, Room
from openiop.schedule.services import series_create

pytestmark = pytest.mark.browser


def test_a_facilitator_takes_attendance_for_twelve_people_in_well_under_a_minute(
    live_app, page, make_patient, program_a, clinician_a
):
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    today = local_today(program_a.time_zone)
    room = Room.objects.create(program=program_a, name="Room 1", capacity=14)
    series = series_create(
        acting_user=clinician_a,
        program=program_a,
        track=program_a.tracks.get(time_of_day="evening"),
        session_type="group_therapy",
        title="Evening process group",
        weekdays=[["MO", "TU", "WE", "TH", "FR", "SA", "SU"][today.weekday()]],
        start_time=time(0, 30),
        duration_minutes=180,
        starts_on=today,
        ends_on=today + timedelta(days=1),
        facilitators=[clinician_a],
        capacity=14,
        room=room,
    )
    episodes = []
    for _ in range(12):
        _, episode = make_patient(program_a, acting_user=clinician_a)
        episode.track, episode.admitted_on = program_a.tracks.get(time_of_day="evening"), date(2026, 1, 5)
        episode.save()
        episodes.append(episode)
    browser_login(page, live_app, clinician_a)
    started = clock.monotonic()
    page.click("nav >> text=Today's sessions")
    page.click("main a.button:has-text('Take attendance')")
    page.wait_for_selector("main button:has-text('Save attendance')")  # count() does not wait for the page
    rows = page.locator("main tbody tr")
    assert rows.count() == 12
    # Everyone is prefilled present: only the exceptions take clicks.
    late, absent = episodes[3], episodes[7]
    page.check(f"input[name=status_{late.pk}][value=late]")
    page.fill(f"#minutes_{late.pk}", "150")
    page.check(f"input[name=status_{absent.pk}][value=absent_unexcused]")
    page.click("main button:has-text('Save attendance')")
    page.wait_for_selector("text=Attendance saved for 12 patients")
    elapsed = clock.monotonic() - started
    records = dict(Attendance.objects.filter(session=series.sessions.first()).values_list("episode_id", "status"))
    assert len(records) == 12
    assert records[late.pk] == "late" and records[absent.pk] == "absent_unexcused"
    assert sum(1 for status in records.values() if status == "present") == 10
    assert elapsed < 60, f"roll call took {elapsed:.1f} s"
