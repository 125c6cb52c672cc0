"""axe-core (WCAG 2.0/2.1 A and AA rules) on every main page, in real Chromium, errors included."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login
from openiop.measures.services import measure_record, self_report_link_issue

pytestmark = pytest.mark.browser

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
axe = Axe()


def _violations(page) -> list[str]:
    results = axe.run(page, options=WCAG)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def _check(page, url: str) -> list[str]:
    page.goto(url)
    return [f"{url}: {problem}" for problem in _violations(page)]


def test_the_staff_pages_have_no_wcag_a_or_aa_violations(live_app, page, clinician_a, patient_a, make_user):
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    episode = patient_a.episodes.get()
    measure_record(
        acting_user=clinician_a,
        patient=patient_a,
        episode=episode,
        instrument="PHQ-9",
        answers=[2, 2, 1, 1, 1, 1, 1, 1, 1],
    )
    measure_record(
        acting_user=clinician_a,
        patient=patient_a,
        episode=episode,
        instrument="PHQ-9",
        answers=[1, 1, 1, 0, 0, 0, 0, 0, 0],
    )
    page.goto(f"{live_app}/accounts/login/")
    problems = [f"login: {p}" for p in _violations(page)]
    browser_login(page, live_app, clinician_a)
    page.wait_for_selector('h1:has-text("Today\'s census")')
    base = live_app
    for url in (
        "/",
        "/patients/",
        f"/patients/{patient_a.pk}/",
        f"/patients/{patient_a.pk}/?tab=history",
        f"/patients/{patient_a.pk}/?tab=team",
        f"/patients/{patient_a.pk}/measures/",
        f"/patients/{patient_a.pk}/measures/record/PHQ-9/",
        f"/patients/{patient_a.pk}/measures/record/C-SSRS-Screener/",
        f"/patients/{patient_a.pk}/measures/link/",
        f"/patients/{patient_a.pk}/edit/",
        f"/episodes/{episode.pk}/transfer/",
        f"/episodes/{episode.pk}/discharge/",
        "/patients/new/",
        "/measures/due/",
    ):
        problems += _check(page, base + url)
    # The same pages in their error state: the error summary and the field errors must be accessible too.
    page.goto(f"{base}/patients/{patient_a.pk}/measures/record/PHQ-9/")
    page.click("main button[type=submit]")
    problems += [f"record form with errors: {p}" for p in _violations(page)]
    page.goto(f"{base}/episodes/{episode.pk}/discharge/")
    page.click("main button[type=submit]")
    problems += [f"discharge form with errors: {p}" for p in _violations(page)]
    assert problems == []


def test_the_privacy_and_admin_pages_have_no_wcag_a_or_aa_violations(live_app, page, privacy_officer, sysadmin):
    TOTPDevice.objects.create(user=privacy_officer, name="phone", confirmed=True)
    browser_login(page, live_app, privacy_officer, next_path="/audit/")
    page.wait_for_selector("h1:has-text('Audit report')")
    problems = [f"audit report: {p}" for p in _violations(page)]
    assert problems == []


def test_the_patients_questionnaire_and_mfa_enrolment_have_no_wcag_a_or_aa_violations(
    live_app, page, clinician_a, patient_a, make_user
):
    _link, token = self_report_link_issue(
        acting_user=clinician_a, patient=patient_a, episode=patient_a.episodes.get(), instrument="PHQ-9"
    )
    problems = _check(page, f"{live_app}/r/{token}/")
    page.click("main button[type=submit]")
    problems += [f"questionnaire with errors: {p}" for p in _violations(page)]
    newcomer = make_user("clinician", [patient_a.episodes.get().program])
    browser_login(page, live_app, newcomer)
    page.wait_for_selector("h1:has-text('Set up two-factor sign-in')")
    problems += [f"mfa enrolment: {p}" for p in _violations(page)]
    assert problems == []


def test_every_patient_page_and_the_work_lists_have_no_wcag_a_or_aa_violations(live_app, page, clinician_a, patient_a):
    """Every page that takes a patient id (found from the URL configuration, as the access matrix finds them)
    that the clinician can open, the work lists, and the forms in their error state."""
    from django.urls import reverse

    from openiop.privacy.tests.test_every_patient_page_denies_by_default import patient_id_pages

    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    browser_login(page, live_app, clinician_a)
    problems, checked = [], []
    for name in patient_id_pages():
        url = live_app + reverse(name, kwargs={"patient_id": patient_a.pk})
        probe = page.request.get(url)
        if probe.status != 200 or not probe.headers.get("content-type", "").startswith("text/html"):
            continue  # a POST-only action, a page for another role, or a download (PDF, CSV, iCalendar)
        response = page.goto(url)
        if response is not None and response.status == 200:
            checked.append(name)
            problems += [f"{name}: {p}" for p in _violations(page)]
    assert len(checked) >= 15, checked
    for url in ("/intake/", "/tasks/", "/schedule/today/", "/schedule/week/", "/schedule/series/new/", "/notes/",
                "/alumni/", "/plans/reviews/", "/privacy/emergency-access/", "/help/"):  # fmt: skip
        problems += _check(page, live_app + url)
    page.goto(f"{live_app}/privacy/emergency-access/")
    page.click("main button[type=submit]")
    problems += [f"emergency access with errors: {p}" for p in _violations(page)]
    page.goto(f"{live_app}/patients/{patient_a.pk}/consents/new/")
    page.click("main button[type=submit]")
    problems += [f"consent form with errors: {p}" for p in _violations(page)]
    assert problems == []
