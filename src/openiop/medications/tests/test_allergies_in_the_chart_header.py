"""The chart header shows allergies on every tab — "Allergies: penicillin (hives, moderate)", "No known
allergies" or "Allergies not recorded" — in one query for any number of patients."""

import pytest
from django.urls import reverse

from openiop.medications.selectors import allergy_status_for_patients
from openiop.medications.services import allergy_record, allergy_record_none


def test_one_query_tells_allergies_no_known_allergies_and_not_recorded_apart(
    nurse_a, patient_a, make_patient, program_a, clinician_a, django_assert_num_queries
):
    allergy_record(acting_user=nurse_a, patient=patient_a, allergen="penicillin", reaction="hives", severity="moderate")
    allergy_record(acting_user=nurse_a, patient=patient_a, allergen="latex", reaction="", severity="severe")
    none, _ = make_patient(program_a, acting_user=clinician_a)
    allergy_record_none(acting_user=nurse_a, patient=none)
    unknown, _ = make_patient(program_a, acting_user=clinician_a)
    with django_assert_num_queries(1):
        status = allergy_status_for_patients([patient_a.pk, none.pk, unknown.pk])
    assert status[patient_a.pk].text == "Allergies: latex (severe); penicillin (hives, moderate)"
    assert status[none.pk].text == "No known allergies"
    assert status[unknown.pk].text == "Allergies not recorded"
    assert (status[patient_a.pk].state, status[none.pk].state, status[unknown.pk].state) == (
        "allergies",
        "none",
        "not_recorded",
    )


@pytest.mark.parametrize(
    "tab",
    ["patients:chart", "measures:chart", "notes:chart", "schedule:chart", "medications:chart", "continuity:chart"],
)
def test_every_chart_tab_shows_the_allergies(client_for, clinician_a, nurse_a, patient_a, tab):
    browser = client_for(clinician_a)
    url = reverse(tab, args=[patient_a.pk])
    assert "Allergies not recorded" in browser.get(url).content.decode()
    allergy_record(acting_user=nurse_a, patient=patient_a, allergen="penicillin", reaction="hives", severity="moderate")
    assert "Allergies: penicillin (hives, moderate)" in browser.get(url).content.decode()


def test_the_header_shows_no_known_allergies(client_for, clinician_a, nurse_a, patient_a):
    allergy_record_none(acting_user=nurse_a, patient=patient_a)
    html = client_for(clinician_a).get(reverse("patients:chart", args=[patient_a.pk])).content.decode()
    assert "No known allergies" in html and "Allergies not recorded" not in html
