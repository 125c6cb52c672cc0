"""The patient list narrows as you type, in place, and never shows another program's patients."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login

pytestmark = pytest.mark.browser


def _names(page) -> list[str]:
    return page.locator("#results tbody td:first-child a").all_inner_texts()


def test_typing_part_of_a_last_name_narrows_the_list_in_place(
    live_app, page, make_patient, program_a, clinician_a, patient_a
):
    make_patient(program_a, acting_user=clinician_a, legal_first_name="Omar", legal_last_name="Lindqvist")
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    browser_login(page, live_app, clinician_a, next_path="/patients/")
    page.wait_for_selector("h1:has-text('Patients')")
    assert _names(page) == ["Omar Lindqvist", "Alma Quinlan"]
    list_url = page.url
    # A full page load would wipe this marker; an HTMX swap keeps it.
    page.evaluate("window.__sameDocument = true")

    with page.expect_response(lambda response: "q=quin" in response.url) as search:
        page.locator("#id_q").press_sequentially("quin", delay=20)
    assert search.value.request.headers.get("hx-request") == "true"

    rows = page.locator("#results tbody tr")
    rows.filter(has_text="Lindqvist").wait_for(state="detached")
    assert _names(page) == ["Alma Quinlan"]
    assert "1 patient in your programs." in page.locator("#results").inner_text()
    assert page.url == list_url
    assert page.evaluate("window.__sameDocument") is True
    assert page.locator("#results thead").count() == 1, "the fragment should replace the results, not nest a page"
    assert page.locator("main h1").count() == 1

    page.locator("#id_q").fill("zzz")
    page.locator("#results td:has-text('No patients match.')").wait_for()
    assert page.evaluate("window.__sameDocument") is True


def test_a_clinician_of_another_program_never_sees_program_a_patients(
    live_app, page, clinician_b, patient_a, patient_b
):
    TOTPDevice.objects.create(user=clinician_b, name="phone", confirmed=True)
    browser_login(page, live_app, clinician_b, next_path="/patients/")
    page.wait_for_selector("h1:has-text('Patients')")

    assert _names(page) == ["Bruno Vesely"]
    assert patient_a.legal_last_name not in page.locator("main").inner_text()

    page.locator("#id_q").fill(patient_a.legal_last_name)
    page.locator("#results td:has-text('No patients match.')").wait_for()
    assert "0 patients in your programs." in page.locator("#results").inner_text()

    with page.expect_response(lambda response: f"q={patient_a.mrn}" in response.url) as by_mrn:
        page.locator("#id_q").fill(patient_a.mrn)
    assert by_mrn.value.ok
    assert patient_a.legal_last_name not in by_mrn.value.text()
    assert _names(page) == []
    assert "No patients match." in page.locator("#results").inner_text()

    assert page.goto(f"{live_app}/patients/{patient_a.pk}/").status == 404
    assert page.locator("main h1").inner_text() == "Not found"
    assert patient_a.legal_last_name not in page.content()
