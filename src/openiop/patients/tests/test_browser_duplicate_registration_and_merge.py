"""Issue 12.5 in Chromium: registering someone already on record lists the likely duplicates and needs
"this is a different person" with a reason; a duplicate that slipped through is merged by the privacy officer
after a preview, and the merged chart leads to the kept one."""

from datetime import date

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from openiop.conftest import browser_login
from openiop.patients.models import DuplicateDecision, Patient, PatientMerge

pytestmark = pytest.mark.browser


def _fill_registration(page, program, *, first: str, last: str, born: str):
    page.select_option("#id_program", label=program.name)
    page.select_option("#id_referral_source", "1")
    page.fill("#id_legal_first_name", first)
    page.fill("#id_legal_last_name", last)
    page.fill("#id_date_of_birth", born)
    page.select_option("#id_sex_assigned_at_birth", "female")


def test_a_duplicate_registration_shows_the_candidates_and_needs_a_reason(
    live_app, page, program_a, clinician_a, make_patient
):
    existing = make_patient(
        program_a,
        acting_user=clinician_a,
        legal_first_name="Zoë",
        legal_last_name="Ávila",
        date_of_birth=date(1979, 4, 2),
    )[0]
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    browser_login(page, live_app, clinician_a, next_path="/patients/new/")
    page.wait_for_selector("h1:has-text('Register a patient')")
    # Typed without accents and with first and last names swapped.
    _fill_registration(page, program_a, first="Avila", last="Zoe", born="1979-04-02")
    page.click("main button:has-text('Register')")
    candidates = page.locator("[data-testid=duplicate-candidate]")
    expect(candidates).to_have_count(1)
    expect(candidates.first).to_contain_text(existing.mrn)
    expect(candidates.first).to_contain_text("same date of birth and a similar name")
    assert Patient.objects.count() == 1
    expect(page.locator("#id_legal_first_name")).to_have_value("Avila")  # what was typed is kept

    page.fill("#id_different_person_reason", "Different person: sister-in-law, other address, confirmed by phone")
    page.click("main button:has-text('Register')")
    page.wait_for_selector("main .messages:has-text('Registered with MRN')")
    new = Patient.objects.exclude(pk=existing.pk).get()
    decision = DuplicateDecision.objects.get(patient=new)
    assert decision.candidate_ids == [existing.pk] and decision.reason.startswith("Different person")


def test_the_privacy_officer_previews_and_merges_a_duplicate(
    live_app, page, program_a, clinician_a, privacy_officer, make_patient
):
    keep = make_patient(program_a, acting_user=clinician_a, legal_first_name="Ines", legal_last_name="Moreau")[0]
    keep.episodes.update(status="cancelled")
    duplicate = make_patient(
        program_a,
        acting_user=clinician_a,
        legal_first_name="Inés",
        legal_last_name="Moreau",
        date_of_birth=keep.date_of_birth,
        different_person_reason="Thought to be another person",
    )[0]
    TOTPDevice.objects.create(user=privacy_officer, name="phone", confirmed=True)
    browser_login(page, live_app, privacy_officer, next_path="/privacy/")
    page.click("nav a:has-text('Merge duplicates')")
    page.wait_for_selector("h1:has-text('Merge duplicate patient records')")
    page.fill("#id_keep_mrn", keep.mrn)
    page.fill("#id_duplicate_mrn", duplicate.mrn)
    page.fill("#id_reason", "Registered twice at intake; same person confirmed by phone")
    page.click("main button:has-text('Preview the merge')")
    preview = page.locator("[data-testid=merge-preview]")
    expect(preview).to_contain_text("episodes.Episode.patient: 1")
    assert not PatientMerge.objects.exists()
    page.click(f"main button:has-text('Merge {duplicate.mrn} into {keep.mrn}')")
    page.wait_for_selector("main .messages:has-text('merged into')")
    expect(page.locator("[data-testid=merges] tbody tr").first).to_contain_text(duplicate.mrn)
    merge = PatientMerge.objects.get()
    assert merge.kept == keep and merge.moved["episodes.Episode.patient"]
    assert keep.episodes.count() == 2

    # The care team following an old link to the duplicate lands on the kept chart.
    page.context.clear_cookies()
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    browser_login(page, live_app, clinician_a, next_path=f"/patients/{duplicate.pk}/")
    page.wait_for_selector("main .messages:has-text('merged into this one')")
    assert page.url.rstrip("/").endswith(f"/patients/{keep.pk}")
