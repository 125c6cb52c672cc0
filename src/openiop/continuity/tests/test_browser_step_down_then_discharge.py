"""Issue 7 in Chromium: a patient is stepped down to Phase 2 on the evidence shown (four weeks of hours, the
latest scores, recent screens), the step and its evidence go into the level-of-care history, then the patient
is discharged, and the clinician signs the discharge summary and aftercare plan and opens the PDF."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login
from openiop.continuity.models import DischargeSummary
from openiop.core.timezones import local_today
from openiop.episodes.models import LevelOfCareChange
from openiop.programs.services import phase_save
from openiop.schedule.models import SessionType

from . import browser_steps as steps
from .builders import attend, record_phq9

pytestmark = pytest.mark.browser


def test_a_patient_is_stepped_down_on_the_evidence_then_discharged_with_a_signed_summary(
    live_app, page, clinician_a, director_a, make_patient, program_a
):
    phase_save(
        acting_user=director_a, program=program_a, name="Phase 1", order=1, weekdays=["MO", "TU", "WE", "TH", "FR"]
    )
    phase_2 = phase_save(
        acting_user=director_a, program=program_a, name="Phase 2", order=2, weekdays=["MO", "WE", "FR"]
    )
    patient, episode = make_patient(
        program_a, acting_user=clinician_a, legal_first_name="Rosa", legal_last_name="Ibarra"
    )
    for days_ago in (12, 10, 8):
        attend(episode, clinician_a, session_type=SessionType.GROUP_THERAPY, days_ago=days_ago, status="present")
    record_phq9(episode, clinician_a, 14, days_ago=13)
    record_phq9(episode, clinician_a, 6, days_ago=2)
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    today = local_today(program_a.time_zone).isoformat()

    browser_login(page, live_app, clinician_a, next_path=f"/patients/{patient.pk}/")
    page.click("main a:has-text('Transfer or step down/up')")
    evidence = page.locator("[data-testid=step-evidence]").inner_text()
    assert "PHQ-9 6" in evidence and "Service hours, last four weeks" in evidence
    page.select_option("#id_kind", "step_down")
    page.fill("#id_effective_on", today)
    page.select_option("#id_phase", str(phase_2.pk))
    page.fill("#id_reason", "Met Phase 1 goals: full attendance, PHQ-9 down to 6, negative screens")
    page.click("main button[type=submit]")
    page.wait_for_selector("main .messages:has-text('Saved')")
    step = LevelOfCareChange.objects.get(episode=episode, kind="step_down")
    assert step.phase == phase_2 and step.evidence["measures"][0]["total"] == 6
    page.goto(f"{live_app}/patients/{patient.pk}/?tab=history")
    history = page.locator("main").inner_text()
    assert "Phase 2" in history and "Evidence: attended/scheduled by week" in history

    page.goto(f"{live_app}/patients/{patient.pk}/")
    page.click("main a:has-text('Discharge')")
    page.fill("#id_discharged_on", today)
    page.select_option("#id_reason", "1")
    page.click("main button[type=submit]")
    page.wait_for_selector("main .messages:has-text('Saved')")

    steps.open_continuity_tab(page, live_app, patient)
    steps.draft_summary(page)
    steps.write_summary(page, narrative="Stepped down after four weeks; completed.", recommendations="Weekly therapy")
    steps.write_aftercare(page, provider="Riverbend Counseling", appointment=f"{today}T10:00", groups=["smart"])
    steps.sign_summary(page, typed_name=clinician_a.get_full_name())
    assert steps.download_summary_pdf(page, live_app).startswith(b"%PDF")
    assert DischargeSummary.objects.get(episode=episode).status == "signed"
