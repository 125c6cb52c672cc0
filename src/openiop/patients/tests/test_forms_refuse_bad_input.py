"""The demographics form refuses bad input beside the field, saves nothing and keeps the user's draft."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from openiop.audit.models import AuditEvent
from openiop.core.tests.html_forms import error_summary, field_error, form_values
from openiop.episodes.models import CareTeamMember, Episode, LevelOfCareChange
from openiop.patients.models import Patient
from openiop.patients.services import DEMOGRAPHIC_FIELDS

NEXT_YEAR = (date.today() + timedelta(days=366)).isoformat()
# A field the user filled in correctly, which must still be there when the form comes back.
KEPT = ("city", "Tillamook")


@dataclass(frozen=True)
class Case:
    id: str
    changes: dict
    field: str
    says: tuple[str, ...]  # what the message beside the field must contain


CASES = [
    Case("a missing legal last name", {"legal_last_name": ""}, "legal_last_name", ("This field is required",)),
    Case("a missing date of birth", {"date_of_birth": ""}, "date_of_birth", ("This field is required",)),
    Case(
        "a date of birth in the future",
        {"date_of_birth": NEXT_YEAR},
        "date_of_birth",
        ("Date of birth cannot be in the future",),
    ),
    Case(
        "a date of birth more than 120 years ago",
        {"date_of_birth": "1890-06-01"},
        "date_of_birth",
        ("more than 120 years ago",),
    ),
    Case("a date that does not exist", {"date_of_birth": "1990-02-30"}, "date_of_birth", ("valid date",)),
    Case("a state code with a digit", {"state": "O1"}, "state", ("two-letter state code",)),
    Case("a state spelled out", {"state": "Oregon"}, "state", ("2 characters",)),
    Case("a state code that is no state", {"state": "ZZ"}, "state", ("ZZ", "state")),
    Case("a phone number with too few digits", {"phone": "12345"}, "phone", ("7 to 15 digits",)),
    Case("a phone number with no digits", {"phone": "call me maybe"}, "phone", ("7 to 15 digits",)),
    Case(
        "an emergency contact phone with too many digits",
        {"emergency_contact_phone": "1" * 16},
        "emergency_contact_phone",
        ("7 to 15 digits",),
    ),
    Case("an email without an at sign", {"email": "alma.example.org"}, "email", ("valid email address",)),
    Case(
        "a sex assigned at birth that is not on the list",
        {"sex_assigned_at_birth": "robot"},
        "sex_assigned_at_birth",
        ("robot", "not one of the available choices"),
    ),
]


def _stored():
    return (
        list(Patient.objects.order_by("pk").values()),
        Episode.objects.count(),
        LevelOfCareChange.objects.count(),
        CareTeamMember.objects.count(),
        AuditEvent.objects.exclude(action="read").count(),
    )


def _post_data(patient: Patient, changes: dict) -> dict:
    data = model_to_dict(patient, fields=DEMOGRAPHIC_FIELDS)
    data["date_of_birth"] = patient.date_of_birth.isoformat()
    return data | dict([KEPT]) | changes


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_the_demographics_form_refuses_bad_input_saves_nothing_and_keeps_the_draft(
    case, patient_a, clinician_a, client_for
):
    before = _stored()

    response = client_for(clinician_a).post(
        reverse("patients:edit", args=[patient_a.pk]), _post_data(patient_a, case.changes)
    )

    assert response.status_code == 200
    page = response.content.decode()
    message = field_error(page, case.field)
    assert message, f"no error shown beside {case.field}"
    assert [words for words in case.says if words.lower() not in message.lower()] == [], message
    assert "Nothing was saved" in error_summary(page)
    assert _stored() == before
    values = form_values(page)
    assert values[KEPT[0]] == [KEPT[1]]
    ((bad_field, bad_value),) = case.changes.items()
    if bad_field != "sex_assigned_at_birth":  # a select cannot show a value it does not offer
        assert values.get(bad_field, [""]) == [bad_value]
