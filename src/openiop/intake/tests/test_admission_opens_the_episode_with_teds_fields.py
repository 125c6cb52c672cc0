"""Admission turns a screened inquiry into an active episode through episodes.services, records the TEDS
admission fields with days waiting, moves the inquiry to Admitted, and the admission measures come due."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from openiop.core.timezones import local_today
from openiop.episodes.models import EpisodeStatus
from openiop.episodes.testing import sign_consent_packet
from openiop.intake import services
from openiop.intake.models import AdmissionRecord, Inquiry, Stage
from openiop.intake.tests.factories import make_inquiry, new_patient_fields, teds_data
from openiop.measures.models import MeasureScheduleRule
from openiop.measures.selectors import measures_due
from openiop.programs.levels import level_of_care

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(program_a, intake_a):
    inquiry = make_inquiry(program_a, acting_user=intake_a, stage=Stage.ASSESSMENT_BOOKED)
    Inquiry.objects.filter(pk=inquiry.pk).update(received_at=timezone.now() - timedelta(days=9))
    services.inquiry_create_patient(acting_user=intake_a, inquiry=inquiry, **new_patient_fields())
    inquiry = Inquiry.objects.select_related("program", "patient", "episode").get(pk=inquiry.pk)
    sign_consent_packet(inquiry.episode, acting_user=intake_a)
    return Inquiry.objects.select_related("program", "patient", "episode").get(pk=inquiry.pk)


def _admit(inquiry, user, clinician, **overrides):
    arguments = {
        "admitted_on": local_today(inquiry.program.time_zone),
        "track": inquiry.program.tracks.first(),
        "level_of_care": level_of_care("asam3", "2.1"),
        "primary_clinician": clinician,
        "teds": teds_data(),
    } | overrides
    return services.admission_admit(acting_user=user, inquiry=inquiry, **arguments)


def test_admission_opens_the_episode_and_records_the_teds_fields(ready, intake_a, clinician_a):
    record = _admit(ready, intake_a, clinician_a)
    episode = record.episode
    assert episode.status == EpisodeStatus.ACTIVE and episode.primary_clinician == clinician_a
    assert (record.primary_substance, record.primary_route, record.employment) == (2, 1, 1)
    assert record.days_waiting == 9
    assert record.referral_source == ready.referral_source
    ready.refresh_from_db()
    assert ready.stage == Stage.ADMITTED
    assert ready.stage_history.last().to_stage == Stage.ADMITTED


def test_the_admission_measures_come_due_after_admission(ready, intake_a, clinician_a, program_a):
    MeasureScheduleRule.objects.create(program=program_a, instrument="PHQ-9", trigger="admission")
    MeasureScheduleRule.objects.create(program=program_a, instrument="GAD-7", trigger="admission")
    assert measures_due(user=clinician_a, patient_id=ready.patient_id) == []
    _admit(ready, intake_a, clinician_a)
    due = measures_due(user=clinician_a, patient_id=ready.patient_id)
    assert sorted(item.instrument for item, _ in due) == ["GAD-7", "PHQ-9"]
    assert {item.trigger for item, _ in due} == {"admission"}


@pytest.mark.parametrize(
    ("teds", "field", "named"),
    [
        (teds_data(employment=7), "employment", "4 Not in labor force"),
        (teds_data(primary_substance=None), "primary_substance", "2 Alcohol"),
        (teds_data(secondary_substance=5), "secondary_route", "4 Injection"),
        (teds_data(planned_medication_assisted_therapy=3), "planned_medication_assisted_therapy", "1 Yes"),
        (teds_data(prior_episodes=6), "prior_episodes", "5 Five or more"),
    ],
)
def test_bad_teds_values_are_refused_and_nothing_is_admitted(ready, intake_a, clinician_a, teds, field, named):
    with pytest.raises(ValidationError) as refused:
        _admit(ready, intake_a, clinician_a, teds=teds)
    assert named in refused.value.message_dict[field][0]
    ready.refresh_from_db()
    assert ready.episode.status == EpisodeStatus.PLANNED and ready.stage == Stage.ASSESSMENT_BOOKED
    assert AdmissionRecord.objects.count() == 0


def test_an_episode_refusal_rolls_back_everything(ready, intake_a, front_desk_a):
    with pytest.raises(ValidationError) as refused:
        _admit(ready, intake_a, front_desk_a)
    assert "primary_clinician" in refused.value.message_dict
    ready.refresh_from_db()
    assert ready.stage == Stage.ASSESSMENT_BOOKED and AdmissionRecord.objects.count() == 0


def test_an_inquiry_without_a_patient_or_not_yet_screened_cannot_be_admitted(program_a, intake_a, clinician_a):
    inquiry = make_inquiry(program_a, acting_user=intake_a, stage=Stage.SCREENED)
    with pytest.raises(ValidationError, match="Link the inquiry to a patient"):
        _admit(Inquiry.objects.select_related("program").get(pk=inquiry.pk), intake_a, clinician_a)
    new = make_inquiry(program_a, acting_user=intake_a, stage=Stage.CONTACTED)
    with pytest.raises(ValidationError, match="screened"):
        _admit(Inquiry.objects.select_related("program").get(pk=new.pk), intake_a, clinician_a)


def test_the_admission_form_defaults_to_the_placements_actual_level(client_for, ready, clinician_a, program_a):
    services.placement_record(
        acting_user=clinician_a,
        patient=ready.patient,
        program=program_a,
        edition="asam3",
        ratings={f"d{n}": {"rating": 2} for n in range(1, 7)},
        recommended_level=level_of_care("asam3", "2.5"),
        actual_level=level_of_care("asam3", "2.1"),
        difference_reason="patient_preference",
    )
    page = client_for(clinician_a).get(f"/intake/inquiries/{ready.pk}/admit/").content.decode()
    assert '<option value="asam3:2.1" selected>' in page
