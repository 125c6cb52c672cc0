"""Before any MAT order the patient's allergies are recorded: an allergy, or "no known allergies"."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openiop.medications.models import MatOrder
from openiop.medications.services import allergy_mark_error, allergy_record, allergy_record_none, mat_order_create

ORDER = dict(
    medication="buprenorphine_naloxone_sl",
    dose_amount="16",
    dose_unit="mg",
    route="sublingual",
    frequency="daily",
    indication="oud",
)


def _order(prescriber, patient, episode):
    return mat_order_create(
        acting_user=prescriber,
        patient=patient,
        episode=episode,
        prescriber=prescriber,
        started_on=episode.admitted_on,
        **ORDER,
    )


def test_a_mat_order_is_refused_while_allergies_are_not_recorded(prescriber_a, patient_a, episode_a):
    with pytest.raises(ValidationError, match="allergies"):
        _order(prescriber_a, patient_a, episode_a)
    assert not MatOrder.objects.exists()


def test_an_allergy_entered_in_error_does_not_count_as_recorded(prescriber_a, nurse_a, patient_a, episode_a):
    allergy = allergy_record(acting_user=nurse_a, patient=patient_a, allergen="Latex", reaction="Rash", severity="mild")
    allergy_mark_error(acting_user=nurse_a, allergy=allergy, reason="Wrong patient")
    with pytest.raises(ValidationError, match="allergies"):
        _order(prescriber_a, patient_a, episode_a)


@pytest.mark.parametrize("recorded", ["allergy", "none"])
def test_a_mat_order_is_entered_once_allergies_or_no_known_allergies_are_recorded(
    prescriber_a, nurse_a, patient_a, episode_a, recorded
):
    if recorded == "allergy":
        allergy_record(acting_user=nurse_a, patient=patient_a, allergen="Latex", reaction="Rash", severity="mild")
    else:
        allergy_record_none(acting_user=nurse_a, patient=patient_a)
    assert _order(prescriber_a, patient_a, episode_a).status == "active"


def test_the_order_form_says_to_record_allergies_first(client_for, prescriber_a, patient_a, episode_a):
    response = client_for(prescriber_a).post(
        reverse("medications:mat_order", args=[patient_a.pk]),
        {**ORDER, "prescriber": prescriber_a.pk, "started_on": episode_a.admitted_on.isoformat()},
    )
    assert response.status_code == 200 and "Record the patient&#x27;s allergies" in response.content.decode()
    assert not MatOrder.objects.exists()
