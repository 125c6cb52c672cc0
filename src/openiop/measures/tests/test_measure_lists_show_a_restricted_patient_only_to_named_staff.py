"""The measures work lists go through the access policy: measures due, the program's latest scores and a safety
alert's page leave out a restricted record (e.g. a staff member who is also a patient) for staff the privacy
officer did not name; the named staff see it."""

import pytest
from django.urls import reverse

from openiop.measures.models import MeasureScheduleRule, SafetyAlert
from openiop.measures.services import measure_record
from openiop.privacy.services import patient_restrict

PHQ9_ITEM_9 = [0, 0, 0, 0, 0, 0, 0, 0, 2]


@pytest.fixture
def restricted(patient_a, privacy_officer, clinician_a, director_a):
    """Alma Quinlan, in program A with clinician_a as primary clinician and an open safety alert; only
    director_a is named."""
    measure_record(
        acting_user=clinician_a,
        patient=patient_a,
        episode=patient_a.episodes.get(),
        instrument="PHQ-9",
        answers=PHQ9_ITEM_9,
    )
    return patient_restrict(acting_user=privacy_officer, patient=patient_a, allowed_users=[director_a], reason="Staff")


def test_measures_due_leave_out_a_restricted_patient_for_staff_not_named(
    client_for, clinician_a, director_a, program_a, restricted
):
    MeasureScheduleRule.objects.create(program=program_a, instrument="AUDIT-C", trigger="admission", window_days=3)
    url = reverse("measures:due") + "?scope=all"
    assert "Quinlan" not in client_for(clinician_a).get(url).content.decode()
    assert "Quinlan" in client_for(director_a).get(url).content.decode()


def test_the_latest_scores_leave_out_a_restricted_patient_for_staff_not_named(
    client_for, clinician_a, director_a, program_a, restricted
):
    url = reverse("measures:program_scores", args=[program_a.pk])
    assert "Quinlan" not in client_for(clinician_a).get(url).content.decode()
    assert "Quinlan" in client_for(director_a).get(url).content.decode()


def test_the_alert_page_of_a_restricted_patient_is_not_found_for_staff_not_named(
    client_for, clinician_a, director_a, restricted
):
    url = reverse("measures:alert", args=[SafetyAlert.objects.get(patient=restricted).pk])
    refused = client_for(clinician_a).get(url)
    assert refused.status_code == 404 and "Quinlan" not in refused.content.decode()
    named = client_for(director_a).get(url)
    assert named.status_code == 200 and "Quinlan" in named.content.decode()
