"""A director schedules PHQ-9 every 14 days for the program, and the patient admitted 14 days ago turns up
on the due list."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from openiop.conftest import browser_login
from openiop.measures.models import MeasureScheduleRule

pytestmark = pytest.mark.browser

SUBMIT = "main button[type=submit]"
EVERY_N_DAYS = "Every N days while in treatment"


def test_a_director_schedules_phq9_every_14_days_and_the_patient_shows_as_due(
    live_app, page, program_a, director_a, patient_a
):
    TOTPDevice.objects.create(user=director_a, name="phone", confirmed=True)
    browser_login(page, live_app, director_a)
    program_card = page.locator("main section.card", has=page.locator("h2:has-text('Program A')"))
    program_card.locator("a:has-text('Measure schedule')").click()
    page.wait_for_selector("h1:has-text('Measure schedule · Program A')")
    assert "No rules yet." in page.locator("main table").inner_text()

    page.select_option("#id_instrument", label="Patient Health Questionnaire-9")
    page.select_option("#id_trigger", label=EVERY_N_DAYS)
    page.click(SUBMIT)

    summary = page.locator(".error-summary")
    summary.wait_for()
    assert "Give the number of days" in summary.inner_text()
    assert "Give the number of days" in page.locator("main .field.has-error").inner_text()
    assert page.locator("#id_instrument").input_value() == "PHQ-9"
    assert page.locator("#id_trigger").input_value() == "recurring"
    assert not MeasureScheduleRule.objects.exists()

    page.fill("#id_interval_days", "14")
    page.click(SUBMIT)

    page.wait_for_selector("main .messages:has-text('Rule added.')")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1
    cells = [cell.strip() for cell in rows.first.locator("td").all_inner_texts()]
    assert cells[:4] == ["PHQ-9", EVERY_N_DAYS, "14", "3 days"]

    page.goto(f"{live_app}/")
    page.click("main a:has-text('see the list')")
    page.wait_for_selector("h1:has-text('Measures due')")
    # The director carries no caseload: the list opens on the whole program.
    due = page.locator("main table tbody tr", has_text="Alma Quinlan")
    expect(due).to_have_count(1)
    cells = [cell.strip() for cell in due.locator("td").all_inner_texts()]
    assert cells[1:4] == ["Program A", "PHQ-9", "every 14 days"]
    assert cells[5] in ("Due", "Overdue")

    # Their own caseload (they are not patient_a's primary clinician) is one click away, and empty.
    page.click("main a:has-text('my caseload')")
    page.wait_for_url("**/measures/due/?scope=mine")
    expect(page.locator("main table")).to_contain_text("Nothing due.")
    page.click("main a:has-text('all my programs')")
    page.wait_for_url("**/measures/due/?scope=all")
    due = page.locator("main table tbody tr", has_text="Alma Quinlan")
    expect(due).to_have_count(1)

    due.locator("a:has-text('Alma Quinlan')").click()
    page.wait_for_selector("main section[aria-labelledby=due-h]")
    assert "PHQ-9 · every 14 days" in page.locator("main section[aria-labelledby=due-h]").inner_text()
