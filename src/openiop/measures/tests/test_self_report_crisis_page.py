"""A patient who answers a self-report with thoughts of death or self-harm (PHQ-9 item 9 above zero, a C-SSRS
answer at moderate or high risk) sees crisis resources, not the ordinary thank-you page: 988 to call and to
text, 911, the program's own phone, and that their clinician will be told. Nothing else about them is shown."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from openiop.measures.models import SafetyAlert
from openiop.measures.tests.form_data import form_data
from openiop.programs.services import program_settings_update

NO_CRISIS_PHQ9 = [1, 1, 1, 1, 1, 1, 1, 1, 0]
ITEM9_PHQ9 = [0, 0, 0, 0, 0, 0, 0, 0, 1]
CSSRS_NO = {"q1": "no", "q2": "no", "q3": None, "q4": None, "q5": None, "q6": "no", "q6_past3mo": None}
CSSRS_HIGH = {"q1": "yes", "q2": "yes", "q3": "yes", "q4": "yes", "q5": "no", "q6": "no", "q6_past3mo": None}
CSSRS_MODERATE = {"q1": "yes", "q2": "yes", "q3": "yes", "q4": "no", "q5": "no", "q6": "no", "q6_past3mo": None}


@pytest.fixture
def program_phone(director_a, program_a):
    program_settings_update(
        acting_user=director_a,
        program=program_a,
        payer_codes=program_a.payer_codes,
        plan_review_days=program_a.plan_review_days,
        phone="(555) 010-2030",
    )


def _submit(client_for, clinician, patient, instrument: str, answers) -> str:
    issued = client_for(clinician).post(
        reverse("measures:link", args=[patient.pk]), {"instrument": instrument, "mode": "self_report"}
    )
    token = re.search(r'value="https?://[^"]*/r/([^/"]+)/"', issued.content.decode()).group(1)
    response = Client().post(reverse("self_report", args=[token]), form_data(instrument, answers))
    assert response.status_code == 200
    return response.content.decode()


def _shows_crisis_resources(page: str) -> bool:
    return 'href="tel:988"' in page and 'href="sms:988"' in page and 'href="tel:911"' in page


def test_phq9_item_9_above_zero_shows_988_call_and_text_911_and_the_programs_phone(
    program_phone, patient_a, clinician_a, client_for
):
    page = _submit(client_for, clinician_a, patient_a, "PHQ-9", ITEM9_PHQ9)

    assert _shows_crisis_resources(page)
    assert 'href="tel:5550102030"' in page and "(555) 010-2030" in page
    assert "clinician will be told" in page
    assert SafetyAlert.objects.filter(patient=patient_a, kind="phq9_item9").exists()


@pytest.mark.parametrize("answers", [CSSRS_HIGH, CSSRS_MODERATE], ids=["high", "moderate"])
def test_a_cssrs_at_moderate_or_high_risk_shows_the_crisis_resources(answers, patient_a, clinician_a, client_for):
    page = _submit(client_for, clinician_a, patient_a, "C-SSRS-Screener", answers)

    assert _shows_crisis_resources(page)
    assert "clinician will be told" in page


@pytest.mark.parametrize(
    ("instrument", "answers"), [("PHQ-9", NO_CRISIS_PHQ9), ("C-SSRS-Screener", CSSRS_NO)], ids=["phq9", "cssrs"]
)
def test_answers_without_risk_get_the_ordinary_thank_you(instrument, answers, patient_a, clinician_a, client_for):
    page = _submit(client_for, clinician_a, patient_a, instrument, answers)

    assert "Thank you" in page
    assert not _shows_crisis_resources(page)
    assert "clinician will be told" not in page


def test_the_crisis_page_shows_no_name_record_number_score_or_diagnosis(
    program_phone, patient_a, clinician_a, client_for
):
    page = _submit(client_for, clinician_a, patient_a, "PHQ-9", [3, 3, 3, 3, 3, 3, 3, 3, 3])

    # Nor the program's name: on a shared phone it could tell a bystander what treatment this is.
    for secret in (
        patient_a.mrn,
        patient_a.legal_first_name,
        patient_a.legal_last_name,
        "27",
        "severe",
        "PHQ",
        "Program A",
    ):
        assert secret not in page
    assert "depress" not in page.lower() and "band" not in page.lower()


def test_without_a_program_phone_the_page_still_shows_988_and_911(patient_a, clinician_a, client_for):
    page = _submit(client_for, clinician_a, patient_a, "PHQ-9", ITEM9_PHQ9)

    assert _shows_crisis_resources(page)
    assert 'href="tel:5550102030"' not in page
