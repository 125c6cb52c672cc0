"""In a real browser: the privacy officer, asked about a patient by name, finds her from the Privacy page,
opens her Consents tab and the accounting of disclosures, and reads the audit report by MRN."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from openiop.conftest import browser_login, signed_in
from openiop.consent.services import disclosure_make
from openiop.consent.tests.builders import COURT, consent_for

pytestmark = pytest.mark.browser


def test_the_privacy_officer_finds_a_patient_by_name_and_reads_consents_accounting_and_audit(
    live_app, page, privacy_officer, clinician_b, patient_a, patient_b
):
    consent = consent_for(patient_b, clinician_b)
    disclosure_make(
        acting_user=clinician_b, patient=patient_b, consent=consent, information=["attendance"], method="pdf"
    )
    assert signed_in(clinician_b).get(f"/patients/{patient_b.pk}/").status_code == 200
    TOTPDevice.objects.create(user=privacy_officer, name="phone", confirmed=True)

    browser_login(page, live_app, privacy_officer)
    page.click("nav >> text=Privacy")
    page.fill("#id_q", patient_b.legal_last_name)
    page.click("main button:has-text('Find a patient')")
    row = page.locator(f'[data-testid="privacy-patient-{patient_b.mrn}"]')
    expect(row).to_have_count(1)
    expect(page.locator(f'[data-testid="privacy-patient-{patient_a.mrn}"]')).to_have_count(0)

    row.locator("a", has_text="Consents").click()
    expect(page.locator("h2#consent-h")).to_contain_text("Consents (42 CFR Part 2)")
    expect(page.locator(f'[data-testid="consent-{consent.pk}"]')).to_contain_text(COURT)
    expect(page.locator("nav.tabs a", has_text="Notes")).to_have_count(0)

    page.click("main a:has-text('Accounting of disclosures')")
    expect(page.locator("h1")).to_contain_text("Accounting of disclosures")
    expect(page.locator("main table tbody tr")).to_have_count(1)
    expect(page.locator("main table tbody")).to_contain_text(COURT)

    page.click("nav >> text=Audit report")
    page.fill("#id_mrn", patient_b.mrn)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**mrn={patient_b.mrn}**")
    expect(page.locator("main thead")).to_contain_text("Patient MRN")
    patient_cells = page.locator("main table tbody tr td:nth-child(5)")
    expect(patient_cells.first).to_have_text(patient_b.mrn)
    assert set(patient_cells.all_inner_texts()) == {patient_b.mrn}
    reads = page.locator("main table tbody tr", has_text="disclosure_accounting")
    expect(reads).to_have_count(1)
    expect(reads).to_contain_text("privacy")
