"""In Chromium: after the clinician signs and locks the plan, the patient draws a signature on the pad; it is
recorded as an image with the typed name and date, and shown on the plan."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.accounts.testing import signature_of
from openiop.conftest import browser_login
from openiop.continuity import services
from openiop.continuity.models import AftercarePlan

from .builders import AFTERCARE, complete_draft, drafted_summary, treated_and_discharged

pytestmark = pytest.mark.browser


def test_the_patient_draws_a_signature_on_the_pad(live_app, page, clinician_a, director_a, patient_a):
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    episode, _plan = treated_and_discharged(patient_a.episodes.get(), clinician=clinician_a, director=director_a)
    summary = complete_draft(drafted_summary(episode, clinician=clinician_a), clinician=clinician_a)
    services.aftercare_plan_update(acting_user=clinician_a, plan=summary.aftercare, **AFTERCARE)
    services.discharge_summary_sign(
        acting_user=clinician_a,
        summary=summary,
        typed_name=clinician_a.get_full_name(),
        signature=signature_of(clinician_a),
    )
    browser_login(page, live_app, clinician_a, next_path=f"/patients/{patient_a.pk}/continuity/summaries/{summary.pk}/")

    form = page.locator("form#patient-sign-form")
    form.locator("input[name=method][value=drawn]").check()
    pad = form.locator("canvas.signature-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 100)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 30, box["y"] + 100 - (step % 3) * 25)
    page.mouse.up()
    form.locator("button[type=submit]").click()

    page.wait_for_selector("[data-testid=patient-signature]")
    assert "Patient signature: Alma Quinlan" in page.locator("[data-testid=patient-signature]").inner_text()
    plan = AftercarePlan.objects.get(pk=summary.aftercare.pk)
    assert plan.patient_signature_method == "drawn" and bytes(plan.patient_signature_image).startswith(b"\x89PNG")
