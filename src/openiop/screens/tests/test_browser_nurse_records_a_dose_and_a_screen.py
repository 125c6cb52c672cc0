"""In Chromium: a nurse records a buprenorphine dose and a urine screen with a buprenorphine positive
(expected: the patient is on buprenorphine-naloxone) and a fentanyl positive (unexpected), and the
patient's primary clinician finds the follow-up task in their Tasks list."""

from datetime import timedelta

import pytest

from openiop.core.timezones import local_today
from openiop.episodes.models import Episode
from openiop.medications.models import MatAdministration
from openiop.medications.services import allergy_record_none, mat_order_create

from .browser_steps import my_tasks_text, open_chart_tab, record_mat_dose, record_urine_screen, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_a_nurse_records_a_dose_and_a_screen_and_the_clinician_gets_a_task(
    live_app, page, nurse_a, prescriber_a, clinician_a, patient_a, program_a
):
    episode = Episode.objects.select_related("program").get(patient=patient_a)
    allergy_record_none(acting_user=nurse_a, patient=patient_a)
    mat_order_create(
        acting_user=prescriber_a,
        patient=patient_a,
        episode=episode,
        medication="buprenorphine_naloxone_sl",
        dose_amount="16",
        dose_unit="mg",
        route="sublingual",
        frequency="daily",
        indication="oud",
        prescriber=prescriber_a,
        started_on=local_today(program_a.time_zone) - timedelta(days=3),
    )

    sign_in(page, live_app, nurse_a)
    open_chart_tab(page, live_app, patient_a, "Medications")
    record_mat_dose(page, dose="16", route="sublingual")
    log = page.locator("section[aria-labelledby=log-h]").inner_text()
    assert "Given" in log and "16 mg" in log
    assert MatAdministration.objects.get().given_by == nurse_a
    header = page.locator(".chart-header").inner_text()
    assert "MAT: buprenorphine-naloxone 16 mg SL daily · last dose" in header

    open_chart_tab(page, live_app, patient_a, "Screens")
    record_urine_screen(page, {"buprenorphine": "positive", "fentanyl": "positive", "cocaine": "negative"})
    results = page.locator("main table").inner_text()
    assert "Positive, expected" in results and "MAT order: buprenorphine-naloxone" in results
    assert "Positive, unexpected" in results

    open_chart_tab(page, live_app, patient_a, "Screens")
    trend = page.locator("table.screen-trend").inner_text()
    assert "Fentanyl" in trend and "Positive, unexpected" in trend
    sign_out(page)

    sign_in(page, live_app, clinician_a)
    tasks = my_tasks_text(page, live_app)
    assert "Review a drug-screen result" in tasks and patient_a.display_name in tasks
