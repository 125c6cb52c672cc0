import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login

pytestmark = pytest.mark.browser


def test_a_clinician_signs_in_with_a_totp_code_and_opens_a_chart(live_app, page, clinician_a, patient_a):
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    browser_login(page, live_app, clinician_a)
    page.wait_for_selector('h1:has-text("Today\'s census")')
    page.click("nav >> text=Patients")
    page.click(f"text={patient_a.display_name}")
    header = page.locator(".chart-header")
    assert patient_a.mrn in header.inner_text()
    assert "Active" in header.inner_text()
    assert "2.1 Intensive Outpatient" in header.inner_text()
