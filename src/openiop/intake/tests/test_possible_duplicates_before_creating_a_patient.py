"""Before a patient is created from an inquiry, possible duplicates in the user's programs are shown: same
date of birth with a similar name, or the same phone or email. Staff link to one or create a new patient."""

from datetime import date

import pytest

from openiop.episodes.models import Episode, EpisodeStatus
from openiop.intake.models import Inquiry
from openiop.intake.selectors import possible_duplicates
from openiop.intake.tests.factories import make_inquiry, new_patient_fields
from openiop.patients.models import Patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def existing(make_patient, program_a, clinician_a):
    return make_patient(
        program_a,
        acting_user=clinician_a,
        legal_first_name="Robyn",
        legal_last_name="Castellano",
        date_of_birth=date(1985, 6, 1),
        phone="(971) 555-0123",
        email="robyn@example.org",
    )[0]


def _match(intake_a, program_a, **fields):
    inquiry = make_inquiry(program_a, acting_user=intake_a, **fields)
    return {p.pk: reasons for p, reasons in possible_duplicates(user=intake_a, inquiry=inquiry)}


def test_same_birth_date_and_a_similar_name_is_a_possible_duplicate(existing, intake_a, program_a):
    found = _match(intake_a, program_a, first_name="Robin", date_of_birth=date(1985, 6, 1))
    assert found == {existing.pk: ["same date of birth and a similar name"]}


def test_same_birth_date_with_a_different_name_is_not(existing, intake_a, program_a):
    assert _match(intake_a, program_a, first_name="Xavier", last_name="Okonkwo", date_of_birth=date(1985, 6, 1)) == {}


def test_the_same_phone_in_another_format_is_a_possible_duplicate(existing, intake_a, program_a):
    found = _match(intake_a, program_a, first_name="Sam", last_name="Other", phone="971.555.0123")
    assert found == {existing.pk: ["same phone"]}


def test_the_same_email_is_a_possible_duplicate(existing, intake_a, program_a):
    found = _match(intake_a, program_a, first_name="Sam", last_name="Other", phone="", email="ROBYN@example.org")
    assert found == {existing.pk: ["same email"]}


def test_patients_of_other_programs_are_never_shown(patient_b, intake_a, program_a):
    found = _match(intake_a, program_a, first_name="Bruno", last_name="Vesely", date_of_birth=patient_b.date_of_birth)
    assert found == {}


def test_the_patient_page_lists_the_duplicates_before_the_create_form(client_for, existing, intake_a, program_a):
    inquiry = make_inquiry(program_a, acting_user=intake_a, first_name="Robin", date_of_birth=date(1985, 6, 1))
    page = client_for(intake_a).get(f"/intake/inquiries/{inquiry.pk}/patient/").content.decode()
    assert page.index(existing.mrn) < page.index("Create new patient</h2>")
    assert "Link to existing patient" in page


def test_linking_to_the_existing_patient_opens_a_planned_episode_and_creates_no_patient(
    client_for, existing, intake_a, program_a, make_patient
):
    inquiry = make_inquiry(program_a, acting_user=intake_a, first_name="Robin", date_of_birth=date(1985, 6, 1))
    Episode.objects.filter(patient=existing).update(status=EpisodeStatus.FINISHED, discharged_on=date.today())
    patients = Patient.objects.count()
    response = client_for(intake_a).post(
        f"/intake/inquiries/{inquiry.pk}/patient/", {"action": "link", "patient_id": existing.pk}
    )
    assert response.status_code == 302
    inquiry = Inquiry.objects.get(pk=inquiry.pk)
    assert inquiry.patient == existing and inquiry.episode.status == EpisodeStatus.PLANNED
    assert Patient.objects.count() == patients


def test_linking_to_a_patient_that_is_not_a_listed_match_is_refused(client_for, patient_a, intake_a, program_a):
    inquiry = make_inquiry(program_a, acting_user=intake_a)
    client_for(intake_a).post(
        f"/intake/inquiries/{inquiry.pk}/patient/", {"action": "link", "patient_id": patient_a.pk}
    )
    assert Inquiry.objects.get(pk=inquiry.pk).patient is None


def test_creating_a_new_patient_registers_them_with_a_planned_episode(client_for, intake_a, program_a):
    inquiry = make_inquiry(program_a, acting_user=intake_a)
    fields = new_patient_fields()
    data = {**{k: str(v) for k, v in fields.items()}, "action": "create"}
    response = client_for(intake_a).post(f"/intake/inquiries/{inquiry.pk}/patient/", data)
    assert response.status_code == 302
    inquiry = Inquiry.objects.get(pk=inquiry.pk)
    assert inquiry.patient.legal_last_name == "Castellano"
    assert inquiry.episode.program == program_a and inquiry.episode.status == EpisodeStatus.PLANNED
    assert inquiry.episode.referral_source == inquiry.referral_source


def test_an_invalid_new_patient_is_refused_with_the_input_kept(client_for, intake_a, program_a):
    inquiry = make_inquiry(program_a, acting_user=intake_a)
    data = {**{k: str(v) for k, v in new_patient_fields(date_of_birth="").items()}, "action": "create"}
    response = client_for(intake_a).post(f"/intake/inquiries/{inquiry.pk}/patient/", data)
    assert response.status_code == 200
    assert 'value="Castellano"' in response.content.decode()
    assert Patient.objects.count() == 0
