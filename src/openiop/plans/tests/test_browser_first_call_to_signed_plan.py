"""Issue 6 end to end in Chromium: a request for help on the public form moves through the pipeline,
screening, a new patient (after the duplicate check), a signed assessment, an ASAM placement and admission to
a diagnosis and a treatment plan signed by patient, clinician and supervisor; the patient is then on the
census with their level of care and the plan-review date the program's cadence gives."""

from datetime import timedelta

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login
from openiop.core.timezones import local_today
from openiop.intake.models import Inquiry, Stage
from openiop.intake.tests import browser_steps as intake
from openiop.plans.models import PlanStatus, TreatmentPlan

from . import browser_steps as plan

pytestmark = pytest.mark.browser


def test_a_request_for_help_ends_as_a_signed_plan_with_its_review_date_on_the_census(
    live_app, page, browser, program_a, clinician_a, director_a
):
    program_a.plan_review_days = 45
    program_a.save()
    for user in (clinician_a, director_a):
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    intake.submit_public_request(
        page, live_app, program_name=program_a.name, first_name="Noor", email="noor@example.com"
    )
    inquiry = Inquiry.objects.get(first_name="Noor")

    browser_login(page, live_app, clinician_a, next_path="/intake/")
    intake.open_inquiry_from_board(page, live_app, first_name="Noor")
    intake.move_inquiry(page, to_stage=Stage.CONTACTED)
    intake.record_screening(page)
    assert intake.create_patient_after_duplicate_check(page, last_name="Haddad", date_of_birth="1990-03-14") == []
    intake.write_and_sign_assessment(page)
    intake.record_placement(page, recommended="asam3:2.1", actual="asam3:2.1")
    intake.admit_from_inquiry(
        page, live_app, inquiry_id=inquiry.pk, track=program_a.tracks.first().name, clinician=clinician_a.display_name
    )
    inquiry.refresh_from_db()
    patient = inquiry.patient
    assert inquiry.stage == Stage.ADMITTED

    plan.open_chart_tab(page, live_app, patient, "Diagnoses")
    plan.add_diagnosis_by_search(page, query="alcohol dep", code="F10.20")
    plan.open_chart_tab(page, live_app, patient, "Plan")
    plan.start_plan(page)
    plan.add_problem(page, statement="Drinking daily to sleep", asam_dimensions=[1, 5], diagnosis_code="F10.20")
    plan.add_goal(page, words="I want to sleep without a drink and keep my job")
    plan.add_objective(
        page,
        description="No drinking days reported on the BAM",
        target_on=local_today(program_a.time_zone) + timedelta(days=60),
    )
    plan.add_intervention(page, modality="cbt", frequency="3 groups/week", staff_label=clinician_a.display_name)
    plan.sign(page, role="patient", typed_name="Noor Haddad")
    plan.sign(page, role="clinician", typed_name=clinician_a.get_full_name())

    # The supervisor signs on their own computer (a second browser session).
    director_context = browser.new_context()
    director_page = director_context.new_page()
    browser_login(director_page, live_app, director_a)
    plan.open_chart_tab(director_page, live_app, patient, "Plan")
    plan.sign(director_page, role="supervisor", typed_name=director_a.get_full_name())
    plan.assert_plan_locked(director_page)
    director_context.close()
    assert TreatmentPlan.objects.get(patient=patient).status == PlanStatus.SIGNED

    page.goto(f"{live_app}/")
    row = page.locator("section[aria-labelledby=caseload-h] tbody tr", has_text="Noor Haddad")
    assert row.locator("[data-testid=level-of-care]").inner_text() == "2.1 Intensive Outpatient (ASAM3)"
    review_on = local_today(program_a.time_zone) + timedelta(days=45)
    assert row.locator("[data-testid=plan-review]").inner_text().startswith(review_on.isoformat())
