"""A restricted record (e.g. a staff member who is also a patient) is invisible to everyone but the staff the
privacy officer names: not in lists or searches, and its chart is "not found"."""

import pytest
from django.urls import reverse

from openiop.audit.models import AuditEvent
from openiop.patients.models import Patient
from openiop.privacy.services import patient_restrict


@pytest.fixture
def restricted(patient_a, privacy_officer, director_a):
    return patient_restrict(acting_user=privacy_officer, patient=patient_a, allowed_users=[director_a], reason="Staff")


def test_a_clinician_of_the_program_who_is_not_named_sees_nothing(client_for, clinician_a, restricted):
    client = client_for(clinician_a)
    assert client.get(reverse("patients:chart", args=[restricted.pk])).status_code == 404
    assert "Quinlan" not in client.get(reverse("patients:list")).content.decode()
    assert not Patient.objects.visible_to(clinician_a).filter(pk=restricted.pk).exists()


def test_the_named_staff_member_still_sees_the_record(client_for, director_a, restricted):
    assert client_for(director_a).get(reverse("patients:chart", args=[restricted.pk])).status_code == 200


def test_lifting_the_restriction_restores_program_access(client_for, clinician_a, privacy_officer, restricted):
    client_for(privacy_officer).post(reverse("privacy:unrestrict", args=[restricted.pk]))
    assert client_for(clinician_a).get(reverse("patients:chart", args=[restricted.pk])).status_code == 200
    changes = AuditEvent.objects.filter(object_type="patient_restriction", action="privilege_change")
    assert [e.detail["reason"] for e in changes.order_by("sequence")] == ["restricted", "unrestricted"]


def test_the_form_restricts_by_mrn_and_needs_a_reason_and_a_name(client_for, privacy_officer, patient_a, director_a):
    client = client_for(privacy_officer)
    refused = client.post(reverse("privacy:restrict"), {"mrn": patient_a.mrn, "allowed_users": [director_a.pk]})
    assert refused.status_code == 200 and 'id="id_reason-error"' in refused.content.decode()
    patient_a.refresh_from_db()
    assert not patient_a.is_restricted
    client.post(
        reverse("privacy:restrict"), {"mrn": patient_a.mrn, "allowed_users": [director_a.pk], "reason": "Staff"}
    )
    patient_a.refresh_from_db()
    assert patient_a.is_restricted


def test_only_the_privacy_officer_restricts_records(client_for, director_a, patient_a):
    response = client_for(director_a).post(reverse("privacy:restrict"), {"mrn": patient_a.mrn, "reason": "x"})
    assert response.status_code == 403


def test_emergency_access_also_opens_a_restricted_record(client_for, clinician_a, restricted):
    from .test_break_glass_opens_one_chart_with_the_four_fields import _form

    client = client_for(clinician_a)
    client.post(reverse("privacy:break_glass"), _form(restricted, emergency_nature="Seizure in the group room"))
    assert client.get(reverse("patients:chart", args=[restricted.pk])).status_code == 200
