"""A clinician records measures through the form: an unanswered item is refused without losing the other
answers, a complete GAD-7 shows its result and trend chart, and AUDIT-C takes the sex from the patient record."""

from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login

pytestmark = pytest.mark.browser

SUBMIT = "main button[type=submit]"
ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts"
# GAD-7 items 1-7; item 4 ("trouble relaxing") is left out on the first try. The total is 11 (moderate).
GAD7 = {1: 2, 2: 1, 3: 2, 4: 1, 5: 1, 6: 2, 7: 2}


def _open_measures_tab(page, base_url: str, patient) -> None:
    page.goto(f"{base_url}/patients/{patient.pk}/")
    page.click("nav.tabs >> text=Measures")
    page.wait_for_selector("nav.tabs a[aria-current=page]:has-text('Measures')")


def _radio(page, item: int, value: int):
    return page.locator(f"main input[type=radio][name=item_{item}][value='{value}']")


def test_a_clinician_records_a_gad7_after_answering_the_item_left_blank(live_app, page, clinician_a, patient_a):
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    browser_login(page, live_app, clinician_a)
    _open_measures_tab(page, live_app, patient_a)
    assert "No measures recorded yet." in page.locator("main").inner_text()

    page.click("main nav[aria-label='Record a measure'] >> text=GAD-7")
    page.wait_for_selector("h1:has-text('GAD-7 · Alma Quinlan')")
    assert "Over the last 2 weeks" in page.locator("main").inner_text()
    for item, value in GAD7.items():
        if item != 4:
            _radio(page, item, value).check()
    page.click(SUBMIT)

    summary = page.locator(".error-summary")
    summary.wait_for()
    assert "1 field" in summary.inner_text()
    assert "Trouble relaxing" in summary.inner_text()
    error_link = summary.locator("a", has_text="Trouble relaxing").get_attribute("href")
    for item, value in GAD7.items():
        if item != 4:
            assert _radio(page, item, value).is_checked(), f"item {item}'s answer was lost"
    assert page.locator("main input[type=radio][name=item_4]:checked").count() == 0
    page.screenshot(path=str(ARTIFACTS / "record_gad7_with_an_item_unanswered.png"), full_page=True)

    _radio(page, 4, GAD7[4]).check()
    page.click(SUBMIT)

    page.wait_for_selector("main .messages:has-text('GAD-7 recorded: 11 moderate.')")
    assert page.locator("nav.tabs a[aria-current=page]").inner_text() == "Measures"
    panel = page.locator("main section.card", has=page.locator("h2:has-text('GAD-7')")).first
    assert "Latest: 11 moderate" in " ".join(panel.inner_text().split())
    chart = panel.locator(".trend svg[role=img]")
    assert chart.is_visible()
    assert chart.get_attribute("aria-label").startswith("GAD-7 trend: 11 on ")
    row = page.locator("main section[aria-labelledby=all-h] tbody tr").first
    cells = [cell.strip() for cell in row.locator("td").all_inner_texts()]
    assert cells[1:4] == ["GAD-7", "11", "moderate"]
    assert cells[5] == f"Clinician-administered · {clinician_a.display_name}"

    # The error summary's link has to lead to the unanswered question (a link to "#" jumps to the page top).
    assert error_link == "#id_item_4", f"the error summary links to {error_link!r}, not to item 4"


def test_recording_an_audit_c_takes_the_sex_from_the_patient_record(live_app, page, clinician_a, patient_a):
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    browser_login(page, live_app, clinician_a)
    _open_measures_tab(page, live_app, patient_a)

    page.click("main nav[aria-label='Record a measure'] >> text=AUDIT-C")
    page.wait_for_selector("h1:has-text('AUDIT-C · Alma Quinlan')")
    assert page.locator("#id_context_sex").input_value() == "female"
    for item in (1, 2, 3):
        _radio(page, item, 1).check()
    page.click(SUBMIT)

    # 3 is positive under the women's cut-off (>=3), negative under the men's (>=4).
    page.wait_for_selector("main .messages:has-text('AUDIT-C recorded: 3 positive.')")
    panel = page.locator("main section.card", has=page.locator("h2:has-text('AUDIT-C')")).first
    assert "Latest: 3 positive" in " ".join(panel.inner_text().split())
    assert panel.locator(".trend svg[role=img]").is_visible()
