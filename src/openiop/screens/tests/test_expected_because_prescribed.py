"""A positive is expected when an active medication or MAT order explains it; the reason is stored with
the result. Staff can also mark a positive expected, with a reason."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from openiop.medications.services import allergy_record, mat_order_create, medication_add, medication_stop
from openiop.screens.models import ScreenResult
from openiop.screens.services import screen_result_mark_expected


@pytest.fixture
def on_buprenorphine(prescriber_a, patient_a, episode_a):
    allergy_record(
        acting_user=prescriber_a, patient=patient_a, allergen="Penicillin", reaction="Hives", severity="mild"
    )
    return mat_order_create(
        acting_user=prescriber_a,
        patient=patient_a,
        episode=episode_a,
        medication="buprenorphine_naloxone_sl",
        dose_amount="16",
        dose_unit="mg",
        route="sublingual",
        frequency="daily",
        indication="oud",
        prescriber=prescriber_a,
        started_on=episode_a.admitted_on,
    )


def _clonazepam(clinician, patient, episode):
    return medication_add(
        acting_user=clinician,
        patient=patient,
        episode=episode,
        name="Clonazepam",
        dose_amount="0.5",
        dose_unit="mg",
        route="oral",
        frequency="bid",
        source="outside_prescriber",
        outside_prescriber_name="Dr. Outside Psychiatry",
        started_on=episode.admitted_on,
    )


def test_a_buprenorphine_positive_is_expected_for_a_patient_on_buprenorphine(record_screen, on_buprenorphine):
    collection = record_screen({"buprenorphine": "positive", "fentanyl": "positive"})
    results = {r.analyte: r for r in collection.results.all()}
    assert results["buprenorphine"].expected and results["buprenorphine"].expected_by == "prescription"
    assert results["buprenorphine"].expected_reason == "MAT order: buprenorphine-naloxone 16 mg SL daily"
    assert results["buprenorphine"].display == "Positive, expected"
    assert not results["fentanyl"].expected and results["fentanyl"].display == "Positive, unexpected"


def test_a_benzodiazepine_positive_is_expected_with_an_active_benzodiazepine_prescription(
    record_screen, clinician_a, patient_a, episode_a
):
    _clonazepam(clinician_a, patient_a, episode_a)
    result = record_screen({"benzodiazepines": "positive"}).results.get()
    assert result.expected and result.expected_reason.startswith("Medication: Clonazepam 0.5 mg")


def test_a_medication_stopped_before_the_collection_does_not_explain_it(
    record_screen, clinician_a, patient_a, episode_a
):
    clonazepam = _clonazepam(clinician_a, patient_a, episode_a)
    medication_stop(
        acting_user=clinician_a,
        medication=clonazepam,
        stopped_on=episode_a.admitted_on + timedelta(days=1),
        reason="Tapered off",
    )
    assert not record_screen({"benzodiazepines": "positive"}).results.get().expected


def test_without_a_prescription_buprenorphine_is_unexpected_and_negatives_are_never_expected(
    record_screen, on_buprenorphine
):
    collection = record_screen({"methadone": "positive", "buprenorphine": "negative"})
    assert not ScreenResult.objects.filter(collection=collection, expected=True).exists()


def test_staff_mark_a_positive_expected_with_a_reason_and_who_did_it(record_screen, clinician_a):
    result = record_screen({"oxycodone": "positive"}).results.get()
    with pytest.raises(ValidationError) as refused:
        screen_result_mark_expected(acting_user=clinician_a, result=result, reason=" ")
    assert "reason" in refused.value.message_dict
    screen_result_mark_expected(acting_user=clinician_a, result=result, reason="Post-operative prescription seen")
    result.refresh_from_db()
    assert (result.expected, result.expected_by, result.expected_marked_by) == (True, "staff", clinician_a)
    with pytest.raises(ValidationError):
        screen_result_mark_expected(acting_user=clinician_a, result=result, reason="Again")
