"""Wrong passwords lock the account; an idle session ends and signing in again returns to the same page."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.audit.models import AuditEvent
from openiop.conftest import TEST_PASSWORD, browser_login, totp_now

pytestmark = pytest.mark.browser

SUBMIT = "main button[type=submit]"


def _try_password(page, username: str, password: str) -> None:
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click(SUBMIT)
    page.wait_for_load_state()


def test_five_wrong_passwords_lock_the_account_and_then_the_right_one_is_refused(live_app, page, clinician_a):
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    page.goto(f"{live_app}/accounts/login/")

    for attempt in range(1, settings.AXES_FAILURE_LIMIT):
        _try_password(page, clinician_a.username, f"wrong-password-{attempt}")
        assert "The user name or password is not right." in page.locator(".error-summary").inner_text()
    _try_password(page, clinician_a.username, "wrong-password-5")
    assert page.locator("h1").inner_text() == "Sign-in locked"

    page.goto(f"{live_app}/accounts/login/")
    _try_password(page, clinician_a.username, TEST_PASSWORD)

    assert page.locator("h1").inner_text() == "Sign-in locked"
    assert "Try again in 15 minutes" in page.locator("main").inner_text()
    signed_in = page.request.get(f"{live_app}/patients/", max_redirects=0)
    assert signed_in.headers["location"].startswith("/accounts/login/"), "a locked-out user got a session"
    # Four wrong passwords, the one that locks, and the right one refused while locked: all are audited.
    refused = AuditEvent.objects.filter(action="login_failed", outcome="denied", detail__username=clinician_a.username)
    assert refused.count() == settings.AXES_FAILURE_LIMIT + 1


def test_an_idle_session_ends_and_signing_in_again_returns_to_the_chart(live_app, page, clinician_a, patient_a):
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    chart_path = f"/patients/{patient_a.pk}/?tab=history"
    browser_login(page, live_app, clinician_a, next_path=chart_path)
    page.wait_for_selector("#patient-name")

    idle = timedelta(minutes=settings.OPENIOP_IDLE_TIMEOUT_MINUTES + 1)
    # Moves the wall clock of the server (same process) forward; the TOTP step moves with it, as it would.
    with time_machine.travel(datetime.now(tz=UTC) + idle, tick=True):
        page.goto(f"{live_app}{chart_path}")

        assert "/accounts/login/" in page.url
        assert "timeout=1" in page.url
        assert "period of inactivity" in page.locator("main .message").inner_text()
        assert patient_a.legal_last_name not in page.content()

        page.fill("#id_username", clinician_a.username)
        page.fill("#id_password", TEST_PASSWORD)
        page.click(SUBMIT)
        page.fill("#id_token", totp_now(clinician_a))
        page.click(SUBMIT)

        page.wait_for_selector("#patient-name")
        assert page.url == f"{live_app}{chart_path}"
        assert patient_a.mrn in page.locator(".chart-header").inner_text()


def test_signing_in_after_idle_keeps_all_query_parameters_of_the_page(live_app, page, clinician_a, patient_a):
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    search_path = "/patients/?q=Quinlan&status=active"
    browser_login(page, live_app, clinician_a, next_path=search_path)
    page.wait_for_selector("h1:has-text('Patients')")

    idle = timedelta(minutes=settings.OPENIOP_IDLE_TIMEOUT_MINUTES + 1)
    with time_machine.travel(datetime.now(tz=UTC) + idle, tick=True):
        page.goto(f"{live_app}{search_path}")
        page.fill("#id_username", clinician_a.username)
        page.fill("#id_password", TEST_PASSWORD)
        page.click(SUBMIT)
        page.fill("#id_token", totp_now(clinician_a))
        page.click(SUBMIT)

        page.wait_for_selector("h1:has-text('Patients')")
        assert page.url == f"{live_app}{search_path}"
        assert page.locator("#id_status").input_value() == "active"
