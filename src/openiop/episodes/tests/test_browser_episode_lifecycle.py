"""An episode's life in the browser: intake registers, a director admits, steps down and discharges."""

from datetime import timedelta

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login
from openiop.core.timezones import local_today
from openiop.episodes.models import EpisodeStatus
from openiop.patients.models import Patient

pytestmark = pytest.mark.browser

SUBMIT = "main button[type=submit]"


def _sign_out(page) -> None:
    page.click("header button:has-text('Sign out')")
    page.wait_for_url("**/accounts/login/**")


def _register_patient(page, base_url: str, program) -> None:
    page.goto(f"{base_url}/patients/")
    page.click("main a:has-text('Register a patient')")
    page.wait_for_selector("h1:has-text('Register a patient')")
    page.select_option("#id_program", label=program.name)
    page.select_option("#id_track", label=f"{program.short_name} · {program.name} evening")
    page.select_option("#id_referral_source", label="Other health care provider")
    page.select_option("#id_status", label="Planned (admission expected)")
    page.fill("#id_legal_first_name", "Marisol")
    page.fill("#id_date_of_birth", "1987-04-12")
    page.select_option("#id_sex_assigned_at_birth", label="Female")
    page.fill("#id_phone", "503-555-0134")

    page.click(SUBMIT)

    summary = page.locator(".error-summary")
    summary.wait_for()
    assert "1 field" in summary.inner_text()
    assert "Legal last name" in summary.inner_text()
    assert summary.evaluate("node => node === document.activeElement"), "focus should move to the summary"
    assert page.locator("#id_legal_first_name").input_value() == "Marisol"
    assert page.locator("#id_date_of_birth").input_value() == "1987-04-12"

    page.fill("#id_legal_last_name", "Okonkwo")
    page.click(SUBMIT)
    page.wait_for_selector("#patient-name:has-text('Marisol Okonkwo')")


def test_intake_registers_a_patient_after_fixing_a_missing_last_name(live_app, page, program_a, intake_a):
    TOTPDevice.objects.create(user=intake_a, name="phone", confirmed=True)
    browser_login(page, live_app, intake_a)

    _register_patient(page, live_app, program_a)

    patient = Patient.objects.get(legal_last_name="Okonkwo")
    assert f"Registered with MRN {patient.mrn}." in page.locator("main .messages").inner_text()
    header = page.locator(".chart-header").inner_text()
    assert "Planned" in header
    assert "Program A · Program A evening" in header
    assert page.locator(".chart-header a:has-text('Admit')").is_visible()


def test_a_director_admits_a_planned_episode_steps_it_down_and_discharges_it(
    live_app, page, make_patient, program_a, director_a
):
    TOTPDevice.objects.create(user=director_a, name="phone", confirmed=True)
    patient, _ = make_patient(
        program_a,
        acting_user=director_a,
        status=EpisodeStatus.PLANNED,
        legal_first_name="Marisol",
        legal_last_name="Okonkwo",
    )
    today = local_today(program_a.time_zone)
    admitted_on, stepped_down_on = today - timedelta(days=20), today - timedelta(days=3)
    reason = "Attended 12 of 12 sessions; PHQ-9 down from 18 to 7."

    browser_login(page, live_app, director_a, next_path=f"/patients/{patient.pk}/")
    page.click(".chart-header a:has-text('Admit')")
    page.wait_for_selector("h1:has-text('Admit · Marisol Okonkwo')")
    page.fill("#id_admitted_on", admitted_on.isoformat())
    preselected = page.locator("#id_level_of_care option:checked").inner_text()
    assert preselected == "ASAM 3rd ed. · 2.1 Intensive Outpatient"
    page.select_option("#id_primary_clinician", label=director_a.display_name)
    page.click(SUBMIT)

    header = page.locator(".chart-header")
    header.locator(".badge:has-text('Active')").wait_for()
    assert f"since {admitted_on.isoformat()}" in header.inner_text()
    assert "2.1 Intensive Outpatient (ASAM3)" in header.inner_text()
    assert director_a.display_name in header.inner_text()

    page.click(".chart-header a:has-text('Transfer or step down/up')")
    page.select_option("#id_kind", label="Step down (less intensive)")
    page.fill("#id_effective_on", stepped_down_on.isoformat())
    page.select_option("#id_level_of_care", label="ASAM 3rd ed. · 1 Outpatient Services")
    page.fill("#id_reason", reason)
    page.click(SUBMIT)

    header.locator("dd:has-text('1 Outpatient Services (ASAM3)')").wait_for()
    page.click("nav.tabs >> text=Episodes and level of care")
    step_down = page.locator("tbody tr", has_text="Step down")
    step_down.first.wait_for()  # count() does not wait for the tab to load
    assert step_down.count() == 1
    cells = step_down.locator("td").all_inner_texts()
    assert cells[:3] == [stepped_down_on.isoformat(), "Step down", "1 Outpatient Services (ASAM3)"]
    assert cells[4].splitlines()[0] == reason
    assert cells[4].splitlines()[1].startswith("Evidence: attended/scheduled by week")
    assert page.locator("tbody tr td:nth-child(2)").all_inner_texts() == ["Admission", "Step down"]

    page.click(".chart-header a:has-text('Discharge')")
    page.wait_for_selector("h1:has-text('Discharge · Marisol Okonkwo')")
    page.fill("#id_discharged_on", today.isoformat())
    page.select_option("#id_reason", label="Treatment completed")
    page.click(SUBMIT)

    header.locator(".badge:has-text('Finished')").wait_for()
    assert "Transfer or step down/up" not in header.inner_text()
    assert "Discharge" not in header.locator(".actions").inner_text()
    page.click("nav.tabs >> text=Episodes and level of care")
    page.locator("tbody tr", has_text="Discharge").first.wait_for()
    assert "(Treatment completed)" in page.locator("main section[aria-label^=Episode]").inner_text()
    kinds = page.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert kinds == ["Admission", "Step down", "Discharge"]
