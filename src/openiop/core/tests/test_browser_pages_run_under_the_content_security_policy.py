"""Real Chromium, real Content-Security-Policy: the main pages, an HTMX search, the public help form, a
patient's self-report link and the printable sign-in sheet load and work without a single policy violation
(which Chromium reports as a console error and a securitypolicyviolation event)."""

from datetime import time

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login
from openiop.core.timezones import local_today
from openiop.episodes.models import Episode
from openiop.measures.services import self_report_link_issue
from openiop.schedule.models import Room
from openiop.schedule.services import series_create

pytestmark = pytest.mark.browser

WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || ""));
});
window.addEventListener("beforeprint", () => { window.__printed = true; });
"""


@pytest.fixture
def watched(page):
    """The page, with every CSP violation and console error it meets collected."""
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.add_init_script(WATCH_VIOLATIONS)
    return page, errors


def _no_violations(page, errors, where):
    assert page.evaluate("window.__cspViolations") == [], where
    assert [e for e in errors if "Content Security Policy" in e or "Refused" in e] == [], where


def test_staff_pages_and_an_htmx_search_run_without_a_policy_violation(
    live_app, watched, program_a, clinician_a, patient_a
):
    page, errors = watched
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    evening = program_a.tracks.get(time_of_day="evening")
    today = local_today(program_a.time_zone)
    session = series_create(
        acting_user=clinician_a,
        program=program_a,
        track=evening,
        session_type="group_therapy",
        title="Evening group",
        weekdays=["MO", "TU", "WE", "TH", "FR", "SA", "SU"],
        start_time=time(18, 0),
        duration_minutes=180,
        starts_on=today,
        ends_on=today,
        facilitators=[clinician_a],
        capacity=14,
        room=Room.objects.create(program=program_a, name="Room 1", capacity=14),
    ).sessions.get()

    browser_login(page, live_app, clinician_a)
    page.wait_for_selector('h1:has-text("Today\'s census")')
    _no_violations(page, errors, "census")

    page.goto(f"{live_app}/patients/")
    with page.expect_response(lambda response: "q=quin" in response.url):
        page.locator("#id_q").press_sequentially("quin", delay=20)
    page.locator("#results tbody tr").filter(has_text=patient_a.display_name).wait_for()
    _no_violations(page, errors, "patient search")

    for path in (f"/patients/{patient_a.pk}/", "/intake/", "/schedule/week/", "/tasks/"):
        page.goto(f"{live_app}{path}")
        page.wait_for_selector("main h1")
        _no_violations(page, errors, path)

    page.goto(f"{live_app}/schedule/sessions/{session.pk}/sign-in-sheet/")
    page.wait_for_selector("h1:has-text('Sign-in sheet')")
    page.click("button:has-text('Print')")
    # page.evaluate goes through DevTools; wait_for_function would itself need 'unsafe-eval' under this policy.
    for _ in range(50):
        if page.evaluate("window.__printed === true"):
            break
        page.wait_for_timeout(100)
    assert page.evaluate("window.__printed === true"), "the Print button prints"
    _no_violations(page, errors, "sign-in sheet")


def test_the_public_pages_run_without_a_policy_violation(live_app, watched, patient_a, clinician_a):
    page, errors = watched
    page.goto(f"{live_app}/help/")
    page.wait_for_selector("h1:has-text('Ask for help')")
    _no_violations(page, errors, "help form")
    episode = Episode.objects.get(patient=patient_a)
    _link, token = self_report_link_issue(
        acting_user=clinician_a, patient=patient_a, episode=episode, instrument="PHQ-9"
    )
    page.goto(f"{live_app}/r/{token}/")
    page.wait_for_selector("main h1")
    _no_violations(page, errors, "self-report link")
