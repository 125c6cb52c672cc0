"""In Chromium: on the discharge summary page the clinician types in the summary form and in the aftercare form,
saves only the summary, and the aftercare text is still on the screen; both are kept as drafts on the server
as they are typed, so a reload shows them. Leaving with unsaved changes asks first."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login
from openiop.continuity.models import DischargeSummary

from .builders import drafted_summary, treated_and_discharged

pytestmark = pytest.mark.browser


def test_saving_one_form_keeps_the_other_and_a_reload_shows_both_drafts(
    live_app, page, clinician_a, director_a, patient_a
):
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    episode, _plan = treated_and_discharged(patient_a.episodes.get(), clinician=clinician_a, director=director_a)
    summary = drafted_summary(episode, clinician=clinician_a)
    browser_login(page, live_app, clinician_a, next_path=f"/patients/{patient_a.pk}/continuity/summaries/{summary.pk}/")
    summary_form, aftercare_form = page.locator("form#summary-form"), page.locator("form#aftercare-form")

    summary_form.locator("textarea[name=clinician_narrative]").fill("Engaged in every group; PHQ-9 fell to 6.")
    aftercare_form.locator("textarea[name=relapse_triggers]").fill("Payday Fridays; old friends on Elm St")
    aftercare_form.locator("textarea[name=coping_strategies]").press_sequentially("Call my sponsor")
    summary_form.locator("button[type=submit]").click()

    page.wait_for_selector("form#summary-form[data-unsaved=false]")
    assert page.url.endswith(f"/summaries/{summary.pk}/")
    triggers = aftercare_form.locator("textarea[name=relapse_triggers]")
    assert triggers.input_value() == "Payday Fridays; old friends on Elm St"
    assert aftercare_form.locator("textarea[name=coping_strategies]").input_value() == "Call my sponsor"

    page.wait_for_selector("form#aftercare-form[data-unsaved=false]")
    summary.refresh_from_db()
    summary.aftercare.refresh_from_db()
    assert summary.clinician_narrative == "Engaged in every group; PHQ-9 fell to 6."
    assert summary.aftercare.relapse_triggers == "Payday Fridays; old friends on Elm St"
    assert summary.aftercare.coping_strategies == "Call my sponsor"

    page.reload()
    assert (
        page.locator("form#summary-form textarea[name=clinician_narrative]").input_value()
        == "Engaged in every group; PHQ-9 fell to 6."
    )
    assert (
        page.locator("form#aftercare-form textarea[name=relapse_triggers]").input_value()
        == "Payday Fridays; old friends on Elm St"
    )
    assert DischargeSummary.objects.get(pk=summary.pk).is_draft


def test_leaving_with_unsaved_changes_asks_first(live_app, page, clinician_a, director_a, patient_a):
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    episode, _plan = treated_and_discharged(patient_a.episodes.get(), clinician=clinician_a, director=director_a)
    summary = drafted_summary(episode, clinician=clinician_a)
    browser_login(page, live_app, clinician_a, next_path=f"/patients/{patient_a.pk}/continuity/summaries/{summary.pk}/")
    page.wait_for_selector("form#aftercare-form[data-unsaved=false]")
    # The page warns while a change has not reached the server; hold the autosave back to see it.
    page.route("**/aftercare/", lambda route: None)
    page.locator("form#aftercare-form textarea[name=warning_signs]").press_sequentially("Skipping meetings")
    page.wait_for_selector("form#aftercare-form[data-unsaved=true]")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.locator("a:has-text('Discharge & aftercare')").first.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(f"/summaries/{summary.pk}/")
