"""From first call to admission in Chromium: a public request for help, the pipeline, screening, a new
patient after the duplicate check, an autosaved and signed assessment, an ASAM placement, admission, and the
patient on the census."""

from datetime import date

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login
from openiop.intake.models import AdmissionRecord, Assessment, Inquiry, Placement, Stage
from openiop.intake.tests import browser_steps as steps

pytestmark = pytest.mark.browser


def test_a_request_for_help_becomes_an_admitted_patient_on_the_census(
    live_app, page, program_a, clinician_a, make_patient
):
    # A relative already on record with the family's shared email: listed as a possible duplicate, and staff
    # decide it is another person.
    make_patient(
        program_a,
        acting_user=clinician_a,
        legal_first_name="Dolores",
        legal_last_name="Castellano",
        date_of_birth=date(1961, 2, 3),
        email="robin.c@example.com",
    )
    steps.submit_public_request(
        page, live_app, program_name=program_a.name, first_name="Robin", email="robin.c@example.com"
    )
    inquiry = Inquiry.objects.get(first_name="Robin")

    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    browser_login(page, live_app, clinician_a, next_path="/intake/")
    steps.open_inquiry_from_board(page, live_app, first_name="Robin")
    steps.move_inquiry(page, to_stage=Stage.CONTACTED)
    assert page.locator("#stage").inner_text() == "Contacted"

    steps.record_screening(page)
    assert page.locator("#stage").inner_text() == "Screened"

    listed = steps.create_patient_after_duplicate_check(page, last_name="Castellano", date_of_birth="1985-06-01")
    assert len(listed) == 1 and "Dolores Castellano" in listed[0] and "same email" in listed[0]
    inquiry.refresh_from_db()
    assert inquiry.patient.legal_name == "Robin Castellano"

    steps.write_and_sign_assessment(page)
    assessment = Assessment.objects.get(patient=inquiry.patient)
    assert assessment.is_signed and assessment.strengths == "Honest about use; steady job"

    steps.record_placement(page, recommended="asam3:2.5", actual="asam3:2.1", reason="patient_preference")
    placement = Placement.objects.get(patient=inquiry.patient)
    assert placement.levels_differ and placement.difference_reason == "patient_preference"
    assert "Differs because: Patient preference" in page.locator("main").inner_text()

    steps.admit_from_inquiry(
        page, live_app, inquiry_id=inquiry.pk, track=program_a.tracks.first().name, clinician=clinician_a.display_name
    )
    record = AdmissionRecord.objects.get(inquiry=inquiry)
    assert (record.primary_substance, record.employment, record.episode.level_of_care_code) == (2, 1, "2.1")
    inquiry.refresh_from_db()
    assert inquiry.stage == Stage.ADMITTED

    assert "Robin Castellano" in steps.census_caseload_names(page, live_app)
