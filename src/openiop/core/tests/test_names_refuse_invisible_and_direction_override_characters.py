"""One name check (core.validation.name_problem) for patients, inquiries and staff: a name needs at least one
letter (zero-width characters alone are not a name) and may not hold text-direction controls (right-to-left
override and friends), which make a name display as something else. The refusal names the field. Letters
of any script, and the zero-width joiners some scripts need between letters, are accepted."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openiop.accounts.services import staff_create
from openiop.core.validation import name_problem
from openiop.intake.services import inquiry_log_call, inquiry_submit
from openiop.patients.models import Patient
from openiop.patients.services import patient_update

ZERO_WIDTH_ONLY = ["\u200b", "\u200b\u200c\u200d", "\ufeff\u2060", " \u200b "]
DIRECTION_CONTROLS = ["Ann\u202eeoD", "\u202bMaria", "Jo\u2066hn\u2069", "Li\u202dn", "Sam\u200f"]
GOOD = ["Alma", "José", "Nguyễn", "O'Brien-Smith", "محمد", "יעל", "王芳", "می\u200cخواهم"]


@pytest.mark.parametrize("value", ZERO_WIDTH_ONLY + DIRECTION_CONTROLS + ["Ann\x00", "Ann\tLee"])
def test_a_name_of_invisible_or_direction_control_characters_is_a_problem(value):
    assert name_problem(value)


@pytest.mark.parametrize("value", [*GOOD, ""])
def test_names_in_any_script_are_fine(value):
    assert name_problem(value) is None


@pytest.mark.parametrize("value", ZERO_WIDTH_ONLY[:1] + DIRECTION_CONTROLS[:1])
@pytest.mark.parametrize("field", ["legal_first_name", "legal_last_name", "preferred_name", "emergency_contact_name"])
def test_a_patient_name_is_refused_on_its_field(field, value, make_patient, program_a, clinician_a):
    with pytest.raises(ValidationError) as refused:
        make_patient(program_a, acting_user=clinician_a, **{field: value})
    assert list(refused.value.message_dict) == [field]
    assert not Patient.objects.exists()


def test_an_edited_patient_name_is_refused_on_its_field(patient_a, clinician_a):
    with pytest.raises(ValidationError) as refused:
        patient_update(acting_user=clinician_a, patient=patient_a, legal_last_name="\u200b")
    assert "legal_last_name" in refused.value.message_dict


def test_the_registration_form_shows_the_refusal_and_keeps_the_input(program_a, clinician_a, client_for):
    response = client_for(clinician_a).post(
        reverse("episodes:register"),
        {
            "program": program_a.pk,
            "track": program_a.tracks.first().pk,
            "referral_source": 1,
            "status": "planned",
            "legal_first_name": "\u200b\u200b",
            "legal_last_name": "Fieldfare",
            "date_of_birth": "1990-01-01",
            "sex_assigned_at_birth": "female",
        },
    )
    assert response.status_code == 200
    assert "at least one letter" in str(response.context["form"].errors["legal_first_name"])
    assert 'value="Fieldfare"' in response.content.decode()


@pytest.mark.parametrize("value", ["\u200b\u200d", "Ann\u202eeoD"])
def test_the_public_help_form_refuses_such_a_first_name(value, program_a):
    with pytest.raises(ValidationError) as refused:
        inquiry_submit(
            program=program_a,
            first_name=value,
            phone="",
            email="a@example.com",
            concern="mental_health",
            preferred_times="morning",
            consent_to_contact=True,
        )
    assert list(refused.value.message_dict) == ["first_name"]


@pytest.mark.parametrize("field", ["first_name", "last_name", "caller_name"])
def test_a_phone_inquiry_refuses_such_names_on_their_field(field, program_a, intake_a):
    fields = {"first_name": "Robin", "caller": "family", "caller_name": "Kim", field: "\u202eevil"}
    with pytest.raises(ValidationError) as refused:
        inquiry_log_call(
            acting_user=intake_a,
            program=program_a,
            concern="mental_health",
            email="a@example.com",
            referral_source=1,
            **fields,
        )
    assert list(refused.value.message_dict) == [field]


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_a_staff_name_is_refused_on_its_field(field, sysadmin):
    names = {"first_name": "Dana", "last_name": "Reyes", field: "\u200b"}
    with pytest.raises(ValidationError) as refused:
        staff_create(
            acting_user=sysadmin,
            username="dana.reyes",
            email="dana@example.org",
            credentials="",
            role="clinician",
            program_ids=set(),
            **names,
        )
    assert list(refused.value.message_dict) == [field]
