"""In real Chromium: the privacy officer goes from the privacy dashboard to the outside systems page,
registers a payer, sees its token once, and the token then takes a record through the API."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login
from openiop.core.tests.test_browser_accessibility import _violations

from .builders import PAYER, api_client, ask, tpo_consent_for

pytestmark = pytest.mark.browser


def test_the_privacy_officer_registers_a_payer_and_sees_its_token_once(
    live_app, page, privacy_officer, program_a, patient_a, clinician_a
):
    tpo_consent_for(patient_a, clinician_a)
    TOTPDevice.objects.create(user=privacy_officer, name="phone", confirmed=True)
    browser_login(page, live_app, privacy_officer, next_path="/privacy/")
    page.wait_for_selector("h1:has-text('Privacy')")
    page.click("text=Outside systems (API)")
    page.wait_for_selector("h1:has-text('Outside systems (API)')")
    page.click("main button[type=submit]")  # nothing filled in: refused, each field named
    page.wait_for_selector("#id_name-error")
    assert "Choose the programs" in page.locator("main").inner_text()
    problems = _violations(page)

    page.fill("#id_name", PAYER)
    page.check("#id_receives_under_tpo")
    page.check(f"input[name=programs][value='{program_a.pk}']")
    page.click("main button[type=submit]")
    token = page.locator("[data-testid=outside-party-token]").inner_text().strip()
    assert token.startswith("oiop_")
    assert "only time the token is shown" in page.locator("main").inner_text()
    problems += _violations(page)

    page.click("text=← Outside systems")
    page.wait_for_selector("h1:has-text('Outside systems (API)')")
    row = page.locator("main table tbody tr").first
    assert PAYER in row.inner_text() and "Active" in row.inner_text()
    assert token not in page.content()
    assert problems == []

    assert ask(api_client(token), patient_a).status_code == 201
