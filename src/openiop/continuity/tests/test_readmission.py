"""Readmitting a discharged patient opens a new planned episode in the same program, linked to the old one;
it is refused while another episode is open, and then nothing is created."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openiop.continuity import services
from openiop.continuity.models import Readmission
from openiop.episodes.models import Episode, EpisodeStatus

from .builders import discharge


def test_readmission_opens_a_linked_planned_episode(patient_a, clinician_a, client_for):
    old = discharge(patient_a.episodes.get(), clinician_a)
    response = client_for(clinician_a).post(
        reverse("continuity:readmit", args=[patient_a.pk, old.pk]), {"reason": "Relapse after job loss"}
    )
    assert response.status_code == 302
    link = Readmission.objects.get()
    new = link.new_episode
    assert (link.old_episode, link.reason) == (old, "Relapse after job loss")
    assert (new.status, new.program, new.patient, new.primary_clinician) == (
        EpisodeStatus.PLANNED,
        old.program,
        patient_a,
        clinician_a,
    )
    page = client_for(clinician_a).get(reverse("continuity:chart", args=[patient_a.pk])).content.decode()
    assert 'data-testid="readmission"' in page and "Relapse after job loss" in page


def test_readmission_is_refused_while_an_episode_is_open(patient_a, clinician_a):
    old = discharge(patient_a.episodes.get(), clinician_a)
    services.readmission_create(acting_user=clinician_a, episode=old, reason="First")
    with pytest.raises(ValidationError) as error:
        services.readmission_create(acting_user=clinician_a, episode=old, reason="Second")
    assert "already has an open episode" in error.value.message_dict["__all__"][0]
    assert Readmission.objects.count() == 1 and Episode.objects.filter(patient=patient_a).count() == 2


def test_readmission_needs_a_reason_and_a_discharged_episode(patient_a, clinician_a):
    active = patient_a.episodes.get()
    with pytest.raises(ValidationError):
        services.readmission_create(acting_user=clinician_a, episode=active, reason="x")
    old = discharge(active, clinician_a)
    with pytest.raises(ValidationError) as error:
        services.readmission_create(acting_user=clinician_a, episode=old, reason="  ")
    assert "reason" in error.value.message_dict
    assert Readmission.objects.count() == 0 and Episode.objects.filter(patient=patient_a).count() == 1
