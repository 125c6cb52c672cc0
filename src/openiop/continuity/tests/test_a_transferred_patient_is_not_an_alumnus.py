"""A patient transferred to another program or facility is still in treatment (TEDS discharge reason 4): the
finished episode brings no alumni check-ins, is not on the Alumni page, and does not make the patient an
alumnus whom peer support may see."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openiop.continuity import services
from openiop.core.timezones import local_today
from openiop.episodes.codes import DischargeReason
from openiop.episodes.models import Episode
from openiop.episodes.services import episode_transfer
from openiop.patients.models import Patient

from .builders import alumni_episode


@pytest.fixture
def transferred(make_patient, make_user, program_a, program_b):
    """Admitted to program A 95 days ago, moved to program B 65 days ago, in treatment there since."""
    director = make_user("director", programs=[program_a, program_b])
    _patient, episode = make_patient(program_a, acting_user=director)
    admitted = local_today(program_a.time_zone) - timedelta(days=95)
    Episode.objects.filter(pk=episode.pk).update(admitted_on=admitted)
    episode.level_history.update(effective_on=admitted)
    episode.refresh_from_db()
    episode_transfer(
        acting_user=director,
        episode=episode,
        effective_on=local_today(program_a.time_zone) - timedelta(days=65),
        reason="Needs the evening track of program B",
        program=program_b,
        track=program_b.tracks.first(),
    )
    episode.refresh_from_db()
    assert episode.discharge_reason == DischargeReason.TRANSFERRED
    return episode


@pytest.fixture
def transferred_out(make_patient, program_a, clinician_a):
    """Discharged from program A 65 days ago as transferred to a residential facility elsewhere."""
    return alumni_episode(
        make_patient, program_a, clinician=clinician_a, discharged_days_ago=65, reason=DischargeReason.TRANSFERRED
    )


@pytest.mark.parametrize("case", ["transferred", "transferred_out"])
def test_a_transfer_brings_no_alumni_checkins(request, case, clinician_a):
    episode = request.getfixturevalue(case)
    with pytest.raises(ValidationError, match="No alumni follow-up"):
        services.checkin_link_issue(acting_user=clinician_a, episode=episode, day_number=30)


@pytest.mark.parametrize("case", ["transferred", "transferred_out"])
@pytest.mark.parametrize("viewer", ["clinician_a", "peer_support_a"])
def test_a_transferred_patient_is_not_on_the_alumni_page(request, case, viewer, client_for, make_patient, program_a):
    episode = request.getfixturevalue(case)
    clinician = request.getfixturevalue("clinician_a")
    alumnus = alumni_episode(make_patient, program_a, clinician=clinician, discharged_days_ago=65).patient
    body = client_for(request.getfixturevalue(viewer)).get(reverse("continuity:alumni")).content.decode()
    assert alumnus.mrn in body
    assert episode.patient.mrn not in body


@pytest.mark.parametrize("case", ["transferred", "transferred_out"])
def test_peer_support_does_not_see_a_transferred_patient_as_an_alumnus(request, case, peer_support_a, client_for):
    episode = request.getfixturevalue(case)
    assert not Patient.objects.visible_to(peer_support_a).filter(pk=episode.patient_id).exists()
    response = client_for(peer_support_a).get(reverse("continuity:chart", args=[episode.patient_id]))
    assert response.status_code == 404


def test_the_continuity_tab_says_there_is_no_alumni_follow_up_after_a_transfer(
    transferred_out, clinician_a, client_for
):
    body = client_for(clinician_a).get(reverse("continuity:chart", args=[transferred_out.patient_id])).content.decode()
    assert "No alumni follow-up after this discharge" in body
    assert 'data-testid="checkin-row"' not in body
