"""Allergies: an allergy names the allergen, the reaction and the severity; "no known allergies" is an entry of
its own, distinct from nothing recorded. Recorded on the Medications tab through the services, each audited;
a refused entry names the field and saves nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openiop.audit.models import AuditEvent
from openiop.medications.models import Allergy, AllergyStatus
from openiop.medications.selectors import allergy_status_for_patients
from openiop.medications.services import allergy_mark_error, allergy_record, allergy_record_none


def test_an_allergy_is_recorded_with_its_reaction_and_severity_and_audited(nurse_a, patient_a):
    allergy = allergy_record(
        acting_user=nurse_a, patient=patient_a, allergen="Penicillin", reaction="Hives", severity="moderate"
    )
    assert (allergy.allergen, allergy.reaction, allergy.severity, allergy.status) == (
        "Penicillin",
        "Hives",
        "moderate",
        AllergyStatus.ACTIVE,
    )
    assert AuditEvent.objects.filter(
        action="create", object_type="allergy", object_id=str(allergy.pk), patient_id=patient_a.pk
    ).exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"allergen": " ", "reaction": "Hives", "severity": "mild"}, "allergen"),
        ({"allergen": "Latex", "reaction": "Rash", "severity": "deadly"}, "severity"),
    ],
)
def test_a_bad_allergy_names_the_field_and_saves_nothing(nurse_a, patient_a, fields, field):
    with pytest.raises(ValidationError) as error:
        allergy_record(acting_user=nurse_a, patient=patient_a, **fields)
    assert field in error.value.message_dict
    assert not Allergy.objects.exists()


def test_no_known_allergies_is_an_entry_and_an_allergy_recorded_later_replaces_it(nurse_a, patient_a):
    none = allergy_record_none(acting_user=nurse_a, patient=patient_a)
    assert allergy_status_for_patients([patient_a.pk])[patient_a.pk].text == "No known allergies"
    allergy_record(acting_user=nurse_a, patient=patient_a, allergen="Sulfa", reaction="Rash", severity="mild")
    none.refresh_from_db()
    assert none.status == AllergyStatus.SUPERSEDED
    assert allergy_status_for_patients([patient_a.pk])[patient_a.pk].text == "Allergies: Sulfa (rash, mild)"


def test_no_known_allergies_is_refused_while_an_allergy_is_on_record(nurse_a, patient_a):
    allergy_record(acting_user=nurse_a, patient=patient_a, allergen="Sulfa", reaction="Rash", severity="mild")
    with pytest.raises(ValidationError, match="Sulfa"):
        allergy_record_none(acting_user=nurse_a, patient=patient_a)


def test_an_allergy_entered_in_error_stays_in_the_history_and_leaves_the_header(nurse_a, patient_a, client_for):
    allergy = allergy_record(
        acting_user=nurse_a, patient=patient_a, allergen="Codeine", reaction="Nausea", severity="mild"
    )
    with pytest.raises(ValidationError) as error:
        allergy_mark_error(acting_user=nurse_a, allergy=allergy, reason="")
    assert "reason" in error.value.message_dict
    allergy_mark_error(acting_user=nurse_a, allergy=allergy, reason="Wrong patient")
    html = client_for(nurse_a).get(reverse("medications:chart", args=[patient_a.pk])).content.decode()
    assert "Allergies not recorded" in html and "<del>Codeine</del>" in html


def test_the_medications_tab_records_an_allergy_and_no_known_allergies(client_for, nurse_a, patient_a, make_patient):
    browser = client_for(nurse_a)
    page = browser.get(reverse("medications:chart", args=[patient_a.pk])).content.decode()
    assert reverse("medications:allergy_add", args=[patient_a.pk]) in page
    assert reverse("medications:allergy_none", args=[patient_a.pk]) in page
    refused = browser.post(
        reverse("medications:allergy_add", args=[patient_a.pk]),
        {"allergen": "Penicillin", "reaction": "Hives", "severity": ""},
    )
    assert refused.status_code == 200 and "Penicillin" in refused.content.decode()
    done = browser.post(
        reverse("medications:allergy_add", args=[patient_a.pk]),
        {"allergen": "Penicillin", "reaction": "Hives", "severity": "moderate"},
    )
    assert done.status_code == 302
    assert Allergy.objects.get(patient=patient_a).allergen == "Penicillin"

    other, _episode = make_patient(patient_a.episodes.get().program, acting_user=nurse_a)
    assert browser.post(reverse("medications:allergy_none", args=[other.pk])).status_code == 302
    assert Allergy.objects.get(patient=other).no_known_allergies
