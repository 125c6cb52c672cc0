"""The check-in link works without a login, once, until it expires; an unknown, expired or used link shows
a plain message (410) and nothing about the patient."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from openiop.continuity import services
from openiop.continuity.models import AlumniCheckIn
from openiop.episodes.codes import DischargeReason

from .builders import GOOD_ANSWERS, alumni_episode

FORM = {
    "days_alcohol_use": "0",
    "days_drug_use": "0",
    "abstinent": "yes",
    "employment": "part_time",
    "stable_housing": "yes",
    "days_support_meetings": "6",
    "wants_contact": "no",
    "anything_else": "Doing well",
}


@pytest.fixture
def issued(make_patient, program_a, clinician_a):
    episode = alumni_episode(make_patient, program_a, clinician=clinician_a, discharged_days_ago=31)
    checkin, token = services.checkin_link_issue(acting_user=clinician_a, episode=episode, day_number=30)
    return episode, checkin, token


def test_the_link_opens_without_login_and_records_the_answers_once(issued):
    episode, checkin, token = issued
    url = reverse("continuity:checkin", args=[token])
    page = Client().get(url)
    assert page.status_code == 200 and episode.patient.legal_first_name in page.content.decode()
    assert episode.patient.mrn not in page.content.decode()
    done = Client().post(url, FORM)
    assert done.status_code == 200 and "Thank you" in done.content.decode()
    checkin.refresh_from_db()
    assert (checkin.employment, checkin.days_support_meetings, checkin.anything_else, checkin.concerns) == (
        "part_time",
        6,
        "Doing well",
        [],
    )
    again = Client().get(url)
    assert again.status_code == 410 and "already been completed" in again.content.decode()
    assert Client().post(url, FORM).status_code == 410


def test_an_expired_link_is_refused(issued):
    _episode, checkin, token = issued
    AlumniCheckIn.objects.filter(pk=checkin.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = Client().get(reverse("continuity:checkin", args=[token]))
    assert response.status_code == 410 and "expired" in response.content.decode()


def test_an_unknown_link_is_refused(db):
    response = Client().get(reverse("continuity:checkin", args=["not-a-real-token"]))
    assert response.status_code == 410 and "not valid" in response.content.decode()


def test_a_new_link_replaces_the_old_one(issued, clinician_a):
    episode, checkin, old_token = issued
    _same, new_token = services.checkin_link_issue(acting_user=clinician_a, episode=episode, day_number=30)
    assert _same.pk == checkin.pk
    assert Client().get(reverse("continuity:checkin", args=[old_token])).status_code == 410
    assert Client().get(reverse("continuity:checkin", args=[new_token])).status_code == 200


def test_bad_answers_rerender_naming_the_question_and_save_nothing(issued):
    _episode, checkin, token = issued
    response = Client().post(reverse("continuity:checkin", args=[token]), {**FORM, "days_drug_use": "31"})
    assert response.status_code == 400
    assert "less than or equal to 30" in response.content.decode()
    checkin.refresh_from_db()
    assert checkin.answered_at is None


def test_the_service_refuses_out_of_range_answers_naming_the_field(issued):
    _episode, checkin, token = issued
    with pytest.raises(ValidationError) as error:
        services.checkin_submit(token=token, answers={**GOOD_ANSWERS, "stable_housing": "maybe"})
    assert "stable_housing" in error.value.message_dict
    checkin.refresh_from_db()
    assert checkin.answered_at is None


def test_links_are_refused_for_days_off_the_schedule_and_after_a_death(make_patient, program_a, clinician_a):
    episode = alumni_episode(make_patient, program_a, clinician=clinician_a, discharged_days_ago=40)
    with pytest.raises(ValidationError) as error:
        services.checkin_link_issue(acting_user=clinician_a, episode=episode, day_number=45)
    assert "day_number" in error.value.message_dict
    deceased = alumni_episode(
        make_patient, program_a, clinician=clinician_a, discharged_days_ago=40, reason=DischargeReason.DEATH
    )
    with pytest.raises(ValidationError):
        services.checkin_link_issue(acting_user=clinician_a, episode=deceased, day_number=30)
    assert AlumniCheckIn.objects.count() == 0
