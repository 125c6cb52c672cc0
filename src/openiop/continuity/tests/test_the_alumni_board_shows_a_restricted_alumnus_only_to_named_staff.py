"""The alumni board goes through the access policy: a restricted alumnus (e.g. a staff member who was also a
patient) is not on it for peer support or clinicians the privacy officer did not name; the named see them."""

import pytest
from django.urls import reverse

from openiop.privacy.services import patient_restrict

from .builders import alumni_episode


@pytest.mark.parametrize("viewer", ["peer_support_a", "clinician_a"])
def test_a_restricted_alumnus_shows_only_to_the_staff_named_on_the_record(
    request, client_for, make_patient, program_a, clinician_a, director_a, privacy_officer, viewer
):
    user = request.getfixturevalue(viewer)
    alumnus = alumni_episode(make_patient, program_a, clinician=clinician_a, discharged_days_ago=65).patient
    other = alumni_episode(make_patient, program_a, clinician=clinician_a, discharged_days_ago=65).patient
    url = reverse("continuity:alumni")
    assert alumnus.mrn in client_for(user).get(url).content.decode()

    patient_restrict(acting_user=privacy_officer, patient=alumnus, allowed_users=[director_a], reason="Staff")
    board = client_for(user).get(url).content.decode()
    assert alumnus.mrn not in board and other.mrn in board

    patient_restrict(acting_user=privacy_officer, patient=alumnus, allowed_users=[director_a, user], reason="Staff")
    assert alumnus.mrn in client_for(user).get(url).content.decode()
