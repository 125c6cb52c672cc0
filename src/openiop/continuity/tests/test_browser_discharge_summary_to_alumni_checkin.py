"""In Chromium: a clinician drafts the discharge summary of a discharged patient from the record, edits it
and the aftercare plan, signs (locking both) and downloads the PDF; then the peer coordinator issues an
alumni check-in link, the alumnus answers on a phone with a concerning answer, and the follow-up task is
in the coordinator's Tasks list."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.conftest import browser_login
from openiop.continuity.models import DischargeSummary
from openiop.plans.tests.browser_steps import sign_out
from openiop.tasks.models import Task

from . import browser_steps as steps
from .builders import alumni_episode, treated_and_discharged

pytestmark = pytest.mark.browser


def test_summary_signed_then_a_concerning_checkin_reaches_the_peer_coordinator(
    live_app, page, browser, clinician_a, director_a, peer_support_a, patient_a, make_patient, program_a
):
    for user in (clinician_a, peer_support_a):
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    treated_and_discharged(patient_a.episodes.get(), clinician=clinician_a, director=director_a)
    alumnus = alumni_episode(make_patient, program_a, clinician=clinician_a, discharged_days_ago=31)

    browser_login(page, live_app, clinician_a)
    steps.open_continuity_tab(page, live_app, patient_a)
    steps.draft_summary(page)
    assert "4 sessions attended, 9.5 hours" in page.locator("[data-testid=services-total]").inner_text()
    steps.write_summary(
        page, narrative="Completed all phases; PHQ-9 fell from 14 to 6.", recommendations="Weekly counseling"
    )
    steps.write_aftercare(
        page,
        provider="Riverbend Counseling",
        appointment=f"{alumnus.discharged_on.replace(year=alumnus.discharged_on.year + 1).isoformat()}T10:00",
        groups=["aa", "smart"],
        triggers="Payday Fridays",
        crisis_line="County line 555-0199",
    )
    steps.sign_summary(page, typed_name=clinician_a.get_full_name())
    assert page.locator("form#summary-form").count() == 0 and page.locator("form#aftercare-form").count() == 0
    assert "Riverbend Counseling" in page.locator("[data-testid=aftercare-view]").inner_text()
    assert steps.download_summary_pdf(page, live_app).startswith(b"%PDF")
    assert DischargeSummary.objects.get(episode__patient=patient_a).status == "signed"
    sign_out(page)

    browser_login(page, live_app, peer_support_a)
    url = steps.issue_checkin_link_from_alumni_page(page, live_app, alumnus.patient.display_name)
    heading = steps.answer_checkin_on_a_phone(
        browser,
        url,
        {
            "days_alcohol_use": 2,
            "days_drug_use": 0,
            "abstinent": "no",
            "employment": "part_time",
            "stable_housing": "yes",
            "days_support_meetings": 1,
            "wants_contact": "yes",
            "anything_else": "Rough month",
        },
    )
    assert heading == "Thank you"
    task = Task.objects.get(patient=alumnus.patient)
    assert task.assigned_to == peer_support_a
    assert task.title in steps.open_my_tasks(page, live_app)
