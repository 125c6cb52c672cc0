"""The census (home page) goes through the access policy: a restricted record (e.g. a staff member who is
also a patient) is not on the caseload or in the open safety alerts of staff the privacy officer did not name,
and its episode pages are "not found" for them; the named staff see it as before."""

import pytest
from django.urls import reverse

from openiop.measures.services import measure_record
from openiop.privacy.services import patient_restrict

PHQ9_ITEM_9 = [0, 0, 0, 0, 0, 0, 0, 0, 2]  # raises a safety alert for the primary clinician


@pytest.fixture
def restrict(privacy_officer):
    def restrict(patient, *, named):
        return patient_restrict(acting_user=privacy_officer, patient=patient, allowed_users=named, reason="Staff")

    return restrict


def _census(client_for, user) -> str:
    return client_for(user).get(reverse("episodes:dashboard")).content.decode()


def test_the_caseload_leaves_out_a_restricted_patient_the_primary_clinician_is_not_named_on(
    client_for, clinician_a, director_a, patient_a, restrict
):
    restrict(patient_a, named=[director_a])
    assert "Quinlan" not in _census(client_for, clinician_a)
    restrict(patient_a, named=[clinician_a])
    assert "Quinlan" in _census(client_for, clinician_a)


def test_open_safety_alerts_about_a_restricted_patient_show_only_to_named_staff(
    client_for, clinician_a, director_a, patient_a, restrict
):
    measure_record(
        acting_user=clinician_a,
        patient=patient_a,
        episode=patient_a.episodes.get(),
        instrument="PHQ-9",
        answers=PHQ9_ITEM_9,
    )
    restrict(patient_a, named=[director_a])
    assert "Open safety alerts" not in _census(client_for, clinician_a)
    named = _census(client_for, director_a)
    assert "Open safety alerts (1)" in named and "Quinlan" in named


@pytest.mark.parametrize("name", ["episodes:discharge", "episodes:transfer", "episodes:status", "episodes:care_team"])
def test_the_episode_pages_of_a_restricted_patient_are_not_found_for_staff_not_named(
    client_for, clinician_a, director_a, patient_a, restrict, name
):
    url = reverse(name, args=[patient_a.episodes.get().pk])
    restrict(patient_a, named=[director_a])
    refused = client_for(clinician_a).get(url)
    assert refused.status_code == 404 and "Quinlan" not in refused.content.decode()
    assert client_for(director_a).get(url).status_code == 200
