"""In Chromium: a clinician adds a diagnosis through the live code search, builds a plan (problem → goal →
objective targeting PHQ-9 < 10 → intervention), the patient and the clinician sign on the clinician's screen,
the director signs as supervisor in their own session, the plan shows locked and the PDF downloads."""

from datetime import timedelta

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login
from openiop.core.timezones import local_today
from openiop.plans.models import PlanStatus, TreatmentPlan

from . import browser_steps as steps

pytestmark = pytest.mark.browser
GOAL = "I want to be clean for my daughter's graduation"


def test_a_clinician_builds_a_plan_that_three_people_sign(live_app, page, clinician_a, director_a, patient_a):
    for user in (clinician_a, director_a):
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    browser_login(page, live_app, clinician_a)

    steps.open_chart_tab(page, live_app, patient_a, "Diagnoses")
    steps.add_diagnosis_by_search(page, query="opioid dep", code="F11.20")

    steps.open_chart_tab(page, live_app, patient_a, "Plan")
    steps.start_plan(page)
    steps.add_problem(page, statement="Opioid use after a back injury", asam_dimensions=[1, 5], diagnosis_code="F11.20")
    steps.add_goal(page, words=GOAL)
    steps.add_objective(
        page,
        description="Depression below the moderate range",
        target_on=local_today("America/New_York") + timedelta(days=60),
        instrument="PHQ-9",
        comparator="lt",
        value=10,
    )
    assert "PHQ-9 < 10 · current: no result yet" in page.locator("[data-testid=objective-measure]").inner_text()
    steps.add_intervention(page, modality="cbt", frequency="3 groups/week", staff_label=clinician_a.display_name)

    steps.sign(page, role="patient", typed_name="Alma Quinlan")
    steps.sign(page, role="clinician", typed_name=clinician_a.get_full_name())
    assert page.locator("form#sign-supervisor").count() == 0  # a clinician cannot sign as supervisor

    steps.sign_out(page)
    browser_login(page, live_app, director_a)
    steps.open_chart_tab(page, live_app, patient_a, "Plan")
    steps.sign(page, role="supervisor", typed_name=director_a.get_full_name())

    steps.assert_plan_locked(page)
    assert page.locator("main .messages").inner_text().endswith("the plan is locked.")
    assert TreatmentPlan.objects.get(patient=patient_a).status == PlanStatus.SIGNED
    assert steps.download_plan_pdf(page, live_app).startswith(b"%PDF")
