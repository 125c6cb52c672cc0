"""The intake assessment is a draft (autosaved) until signed; signing lists the missing sections; a signed
assessment refuses every edit and takes addenda instead."""

import pytest
from django.core.exceptions import ValidationError

from openiop.audit.models import AuditEvent
from openiop.intake import services
from openiop.intake.models import Addendum, Assessment
from openiop.intake.tests.factories import complete_assessment_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(patient_a, program_a, clinician_a):
    return services.assessment_start(acting_user=clinician_a, patient=patient_a, program=program_a)


def test_a_draft_saves_what_changed_and_an_unchanged_autosave_writes_nothing(draft, clinician_a):
    _, changed = services.assessment_save_draft(acting_user=clinician_a, assessment=draft, data={"family": "Two kids"})
    assert changed == ["family"]
    audits = AuditEvent.objects.count()
    _, changed = services.assessment_save_draft(acting_user=clinician_a, assessment=draft, data={"family": "Two kids"})
    assert changed == [] and AuditEvent.objects.count() == audits


def test_a_bad_code_is_refused_naming_the_allowed_values_and_the_draft_is_kept(draft, clinician_a):
    services.assessment_save_draft(acting_user=clinician_a, assessment=draft, data={"family": "Two kids"})
    with pytest.raises(ValidationError) as refused:
        services.assessment_save_draft(
            acting_user=clinician_a,
            assessment=draft,
            data={"family": "changed", "substances": [{"substance": 2, "route": 9}]},
        )
    assert "4 Injection" in refused.value.message_dict["substance_1_route"][0]
    assert Assessment.objects.get(pk=draft.pk).family == "Two kids"


def test_signing_an_incomplete_assessment_lists_the_missing_sections(draft, clinician_a):
    services.assessment_save_draft(acting_user=clinician_a, assessment=draft, data={"allergies": "None known"})
    with pytest.raises(ValidationError) as refused:
        services.assessment_sign(acting_user=clinician_a, assessment=draft)
    message = refused.value.messages[0]
    assert "Substance-use history" in message and "Goals in the person's own words" in message
    assert "Allergies" not in message
    assert Assessment.objects.get(pk=draft.pk).status == "draft"


def test_a_complete_assessment_signs_and_is_then_locked(draft, clinician_a):
    services.assessment_save_draft(acting_user=clinician_a, assessment=draft, data=complete_assessment_data())
    signed = services.assessment_sign(acting_user=clinician_a, assessment=draft)
    assert signed.is_signed and signed.signed_by == clinician_a
    with pytest.raises(ValidationError) as refused:
        services.assessment_save_draft(acting_user=clinician_a, assessment=signed, data={"family": "rewritten"})
    assert "locked" in refused.value.messages[0]
    assert Assessment.objects.get(pk=draft.pk).family == ""
    with pytest.raises(ValidationError):
        services.assessment_sign(acting_user=clinician_a, assessment=signed)


def test_further_information_goes_into_addenda_with_author_and_time(draft, clinician_a):
    services.assessment_save_draft(acting_user=clinician_a, assessment=draft, data=complete_assessment_data())
    with pytest.raises(ValidationError):
        services.addendum_add(acting_user=clinician_a, assessment=draft, text="Too early")
    signed = services.assessment_sign(acting_user=clinician_a, assessment=draft)
    addendum = services.addendum_add(
        acting_user=clinician_a, assessment=signed, text="Sister called: prior detox 2021."
    )
    assert (addendum.author, addendum.text) == (clinician_a, "Sister called: prior detox 2021.")
    assert addendum.created_at is not None
    with pytest.raises(ValidationError):
        services.addendum_add(acting_user=clinician_a, assessment=signed, text="  ")
    assert Addendum.objects.count() == 1


def test_the_autosave_endpoint_saves_the_draft_and_answers_with_a_status_line(client_for, draft, clinician_a):
    url = f"/patients/{draft.patient_id}/intake/assessments/{draft.pk}/draft/"
    response = client_for(clinician_a).post(url, {"strengths": "Curious, funny"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Draft saved" in response.content.decode()
    assert Assessment.objects.get(pk=draft.pk).strengths == "Curious, funny"
    response = client_for(clinician_a).post(url, {"strengths": "x", "education": "9"}, HTTP_HX_REQUEST="true")
    assert "Not saved" in response.content.decode()
    assert Assessment.objects.get(pk=draft.pk).strengths == "Curious, funny"


def test_the_sign_button_keeps_the_draft_when_sections_are_missing(client_for, draft, clinician_a):
    url = f"/patients/{draft.patient_id}/intake/assessments/{draft.pk}/"
    response = client_for(clinician_a).post(url, {"strengths": "Kind", "action": "sign"})
    assert response.status_code == 400
    assert "Complete these sections before signing" in response.content.decode()
    assert Assessment.objects.get(pk=draft.pk).strengths == "Kind"


def test_an_intake_coordinator_records_a_draft_but_cannot_sign(client_for, intake_a, make_patient, program_a):
    # Intake works the pipeline (12.12): a patient not yet admitted.
    patient, _episode = make_patient(program_a, acting_user=intake_a, status="planned")
    draft = services.assessment_start(acting_user=intake_a, patient=patient, program=program_a)
    url = f"/patients/{draft.patient_id}/intake/assessments/{draft.pk}/"
    assert client_for(intake_a).post(url, {"strengths": "Kind", "action": "save"}).status_code == 302
    assert client_for(intake_a).post(url, {"strengths": "Kind", "action": "sign"}).status_code == 403
    assert Assessment.objects.get(pk=draft.pk).status == "draft"
