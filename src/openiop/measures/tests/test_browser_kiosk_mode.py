"""Kiosk mode: the clinician opens a one-hour link on the clinic tablet, the patient answers a GAD-2 there
and is asked to hand the tablet back; the result is filed as a kiosk self-report."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login

pytestmark = pytest.mark.browser

SUBMIT = "main button[type=submit]"


def test_a_patient_completes_a_gad2_on_the_clinic_tablet_and_hands_it_back(live_app, page, clinician_a, patient_a):
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    browser_login(page, live_app, clinician_a, next_path=f"/patients/{patient_a.pk}/measures/")
    page.click("main a:has-text('Send a self-report link')")
    page.wait_for_selector("h1:has-text('Self-report link for Alma Quinlan')")
    page.select_option("#id_instrument", label="Generalized Anxiety Disorder-2")
    page.get_by_label("Clinic kiosk: open it now on the clinic tablet").check()
    page.click(SUBMIT)

    page.wait_for_selector("h1:has-text('GAD-2 link for Alma Quinlan')")
    url = page.locator("[data-testid=self-report-url]").input_value()
    with page.context.expect_page() as opened:
        page.click("main a:has-text('Open on this tablet (kiosk)')")
    tablet = opened.value
    tablet.set_default_timeout(15000)
    tablet.wait_for_load_state()
    assert tablet.url == url
    tablet.wait_for_selector("h1:has-text('Hello Alma')")
    assert tablet.locator("main fieldset legend").all_inner_texts() == [
        "1. Nervous, anxious or on edge",
        "2. Cannot stop or control worrying",
    ]
    tablet.check("main input[name=item_1][value='2']")
    tablet.check("main input[name=item_2][value='1']")
    with tablet.expect_response(lambda response: response.request.method == "POST") as sent:
        tablet.click("main button:has-text('Send my answers')")
    assert sent.value.status == 200, f"sending the answers was refused: HTTP {sent.value.status}"

    tablet.wait_for_selector("h1:has-text('Thank you')")
    assert "Please hand the tablet back to the staff member." in tablet.locator("main").inner_text()
    tablet.close()

    page.click("main a:has-text('Back to measures')")
    row = page.locator("main section[aria-labelledby=all-h] tbody tr").first
    row.wait_for()
    cells = [cell.strip() for cell in row.locator("td").all_inner_texts()]
    assert cells[1:4] == ["GAD-2", "3", "positive"]
    assert cells[5] == "Self-report (clinic kiosk)"
