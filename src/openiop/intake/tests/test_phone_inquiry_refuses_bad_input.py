"""A phone inquiry with bad input is refused naming the field and the allowed values; nothing is saved."""

import pytest
from django.core.exceptions import ValidationError

from openiop.audit.models import AuditEvent
from openiop.intake import services
from openiop.intake.models import Inquiry, InquiryStageChange
from openiop.intake.tests.factories import make_inquiry

pytestmark = pytest.mark.django_db

GOOD = {
    "caller": "family",
    "caller_name": "Lee Castellano",
    "caller_relationship": "Brother",
    "first_name": "Robin",
    "phone": "503-555-0199",
    "referral_source": 1,
    "concern": "substance_use",
    "preferred_times": "evening",
}


def _counts():
    return Inquiry.objects.count(), InquiryStageChange.objects.count(), AuditEvent.objects.count()


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("caller", "neighbour", "self"),
        ("referral_source", 9, "7 Court/criminal justice/DUI/DWI"),
        ("referral_source", None, "1 Individual"),
        ("concern", "gambling", "eating_disorder"),
        ("preferred_times", "midnight", "morning"),
        ("first_name", " ", "first name"),
        ("caller_name", "", "caller's name"),
    ],
)
def test_a_bad_value_is_refused_naming_the_field_and_allowed_values(program_a, intake_a, field, value, named):
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        services.inquiry_log_call(acting_user=intake_a, program=program_a, **{**GOOD, field: value})
    assert named in refused.value.message_dict[field][0]
    assert _counts() == before


def test_no_way_to_reach_the_person_is_refused(program_a, intake_a):
    with pytest.raises(ValidationError) as refused:
        services.inquiry_log_call(acting_user=intake_a, program=program_a, **{**GOOD, "phone": ""})
    assert "phone" in refused.value.message_dict


def test_a_member_id_without_a_payer_is_refused(program_a, intake_a):
    with pytest.raises(ValidationError) as refused:
        services.inquiry_log_call(acting_user=intake_a, program=program_a, **GOOD, member_id="XJ123")
    assert "payer_name" in refused.value.message_dict


def test_staff_cannot_log_a_call_for_a_program_they_do_not_work_in(program_b, intake_a):
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        services.inquiry_log_call(acting_user=intake_a, program=program_b, **GOOD)
    assert "program" in refused.value.message_dict
    assert _counts() == before


def test_a_logged_call_keeps_the_caller_insurance_and_referral(program_a, intake_a):
    inquiry = make_inquiry(
        program_a,
        acting_user=intake_a,
        caller="court",
        caller_name="Officer Diaz",
        caller_relationship="Probation officer",
        referral_source=7,
        payer_name="Medicaid",
        member_id="MC-0042",
    )
    inquiry.refresh_from_db()
    assert (inquiry.channel, inquiry.caller, inquiry.referral_source) == ("phone", "court", 7)
    assert (inquiry.payer_name, inquiry.member_id, inquiry.logged_by) == ("Medicaid", "MC-0042", intake_a)


def test_the_phone_form_shows_service_errors_beside_the_field_with_the_input_kept(client_for, intake_a, program_a):
    client = client_for(intake_a)
    response = client.post(
        "/intake/calls/new/",
        {**GOOD, "program": program_a.pk, "caller_name": "", "referral_source": "1"},
    )
    assert response.status_code == 200
    assert "caller&#x27;s name" in response.content.decode() or "caller's name" in response.content.decode()
    assert 'value="Robin"' in response.content.decode()
    assert Inquiry.objects.count() == 0
