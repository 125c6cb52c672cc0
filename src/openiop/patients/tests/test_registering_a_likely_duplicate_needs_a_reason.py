"""Issue 12.5: registering a patient (or creating one from an inquiry) with the name and date of birth, phone
or e-mail of an existing patient used to make a second record silently. Now the likely duplicates are shown
and the registration needs an explicit "this is a different person" with a reason, which is kept and audited.
The match tolerates case, accents and first/last names swapped."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from openiop.audit.models import AuditEvent
from openiop.episodes.codes import ReferralSource
from openiop.episodes.models import EpisodeStatus
from openiop.intake import services as intake_services
from openiop.intake.tests.factories import make_inquiry, new_patient_fields
from openiop.patients.duplicates import likely_duplicates, normalize_name
from openiop.patients.models import DuplicateDecision, Patient
from openiop.patients.services import PossibleDuplicate, patient_register


def _register(user, program, **fields):
    values = {
        "legal_first_name": "José",
        "legal_last_name": "Núñez",
        "date_of_birth": date(1984, 3, 9),
        "sex_assigned_at_birth": "male",
    } | fields
    return patient_register(
        acting_user=user,
        program=program,
        referral_source=ReferralSource.INDIVIDUAL,
        status=EpisodeStatus.PLANNED,
        **values,
    )


@pytest.fixture
def existing(make_patient, program_a, clinician_a):
    return make_patient(
        program_a,
        acting_user=clinician_a,
        legal_first_name="José",
        legal_last_name="Núñez",
        date_of_birth=date(1984, 3, 9),
        phone="503-555-0111",
        email="jose.nunez@example.org",
    )[0]


def test_names_are_compared_without_case_accents_or_punctuation():
    assert normalize_name("  José-María  NÚÑEZ ") == "jose maria nunez"


@pytest.mark.parametrize(
    "first, last",
    [("José", "Núñez"), ("jose", "NUNEZ"), ("Nunez", "Jose"), ("Jose", "Nunes")],
    ids=["same", "case and accents", "swapped", "spelling"],
)
def test_the_same_name_and_date_of_birth_is_refused_without_a_reason(existing, clinician_a, program_a, first, last):
    before = Patient.objects.count()
    with pytest.raises(PossibleDuplicate) as refused:
        _register(clinician_a, program_a, legal_first_name=first, legal_last_name=last)
    assert [p.pk for p, _ in refused.value.candidates] == [existing.pk]
    assert "different_person_reason" in refused.value.message_dict
    assert Patient.objects.count() == before


def test_the_same_phone_or_email_counts_as_a_likely_duplicate(existing):
    by_phone = likely_duplicates(
        first_name="Ana", last_name="Ruiz", date_of_birth=date(1990, 1, 1), phone="(503) 555 0111"
    )
    by_email = likely_duplicates(first_name="Ana", last_name="Ruiz", email="JOSE.NUNEZ@example.org")
    assert by_phone == [(existing, ["same phone"])] and by_email == [(existing, ["same email"])]


def test_another_person_with_another_birthday_is_registered_without_a_question(existing, clinician_a, program_a):
    patient, _ = _register(clinician_a, program_a, date_of_birth=date(1984, 3, 10))
    assert patient.pk != existing.pk and not DuplicateDecision.objects.exists()


def test_a_different_person_is_registered_with_the_reason_kept_and_audited(existing, clinician_a, program_a):
    patient, _ = _register(clinician_a, program_a, different_person_reason="Father and son; son is Jr., other address")
    decision = DuplicateDecision.objects.get(patient=patient)
    assert decision.candidate_ids == [existing.pk] and decision.decided_by == clinician_a
    assert decision.reason == "Father and son; son is Jr., other address"
    event = AuditEvent.objects.get(object_type="duplicate_decision", object_id=str(decision.pk))
    assert event.patient_id == patient.pk and event.detail["candidate_ids"] == [existing.pk]
    assert "Father" not in str(event.detail)


def test_a_duplicate_in_another_program_is_found_but_not_shown(existing, clinician_b, program_b, client_for):
    with pytest.raises(PossibleDuplicate):
        _register(clinician_b, program_b)
    response = client_for(clinician_b).post(
        "/patients/new/",
        {
            "program": program_b.pk,
            "referral_source": ReferralSource.INDIVIDUAL,
            "status": EpisodeStatus.PLANNED,
            "legal_first_name": "Jose",
            "legal_last_name": "Nunez",
            "date_of_birth": "1984-03-09",
            "sex_assigned_at_birth": "male",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="hidden-duplicates"' in html
    assert existing.mrn not in html


def test_the_registration_page_shows_the_candidates_and_registers_after_the_reason(
    existing, clinician_a, program_a, client_for
):
    client = client_for(clinician_a)
    data = {
        "program": program_a.pk,
        "referral_source": ReferralSource.INDIVIDUAL,
        "status": EpisodeStatus.PLANNED,
        "legal_first_name": "JOSE",
        "legal_last_name": "nunez",
        "date_of_birth": "1984-03-09",
        "sex_assigned_at_birth": "male",
    }
    html = client.post("/patients/new/", data).content.decode()
    assert existing.mrn in html and "same date of birth and a similar name" in html
    assert 'value="JOSE"' in html  # what was typed is kept
    assert Patient.objects.count() == 1
    response = client.post("/patients/new/", data | {"different_person_reason": "Twin brother, confirmed by phone"})
    assert response.status_code == 302 and Patient.objects.count() == 2


def test_creating_a_patient_from_an_inquiry_checks_for_duplicates_too(program_a, intake_a):
    first = make_inquiry(program_a, acting_user=intake_a)
    intake_services.inquiry_create_patient(acting_user=intake_a, inquiry=first, **new_patient_fields())
    second = make_inquiry(program_a, acting_user=intake_a, phone="503-555-0142")
    with pytest.raises(ValidationError):
        intake_services.inquiry_create_patient(
            acting_user=intake_a, inquiry=second, **new_patient_fields(phone="503-555-0142")
        )
    patient = intake_services.inquiry_create_patient(
        acting_user=intake_a,
        inquiry=second,
        different_person_reason="Cousin with the same name; other address",
        **new_patient_fields(phone="503-555-0142"),
    )
    assert DuplicateDecision.objects.get(patient=patient).reason.startswith("Cousin")
