"""The medication list: add, stop, mark entered in error; refusals name the field and save nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from openiop.audit.models import AuditEvent
from openiop.medications.models import Medication, MedicationStatus
from openiop.medications.services import medication_add, medication_mark_error, medication_stop


def _add(user, patient, episode, **overrides):
    fields = dict(
        name="Sertraline",
        dose_amount="50",
        dose_unit="mg",
        route="oral",
        frequency="daily",
        source="patient_reported",
        started_on=episode.admitted_on,
    )
    fields.update(overrides)
    return medication_add(acting_user=user, patient=patient, episode=episode, **fields)


def test_a_clinician_records_a_patient_reported_medication_and_it_is_audited(clinician_a, patient_a, episode_a):
    medication = _add(clinician_a, patient_a, episode_a)
    assert medication.status == MedicationStatus.ACTIVE and medication.dose_label == "50 mg"
    assert AuditEvent.objects.filter(object_type="medication", object_id=str(medication.pk), action="create").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "  "}, "name"),
        ({"dose_amount": "0"}, "dose_amount"),
        ({"dose_amount": "-5"}, "dose_amount"),
        ({"dose_unit": "spoonful"}, "dose_unit"),
        ({"route": "nasal"}, "route"),
        ({"frequency": "hourly"}, "frequency"),
        ({"source": "internet"}, "source"),
        ({"source": "outside_prescriber"}, "outside_prescriber_name"),
        ({"source": "prescribed_here"}, "source"),  # a clinician is not a prescriber
    ],
)
def test_it_refuses_bad_input_naming_the_field_and_saves_nothing(clinician_a, patient_a, episode_a, overrides, field):
    with pytest.raises(ValidationError) as refused:
        _add(clinician_a, patient_a, episode_a, **overrides)
    assert field in refused.value.message_dict
    assert Medication.objects.count() == 0


def test_it_refuses_a_start_date_after_today(clinician_a, patient_a, episode_a, today):
    with pytest.raises(ValidationError) as refused:
        _add(clinician_a, patient_a, episode_a, started_on=today + timedelta(days=1))
    assert "after today" in refused.value.message_dict["started_on"][0]
    assert Medication.objects.count() == 0


def test_a_prescriber_records_a_medication_prescribed_here_by_a_prescriber_of_the_program(
    prescriber_a, clinician_a, patient_a, episode_a
):
    medication = _add(prescriber_a, patient_a, episode_a, source="prescribed_here", prescriber=prescriber_a)
    assert medication.prescriber_label == prescriber_a.display_name
    with pytest.raises(ValidationError) as refused:
        _add(prescriber_a, patient_a, episode_a, source="prescribed_here", prescriber=clinician_a)
    assert "prescriber" in refused.value.message_dict
    assert Medication.objects.count() == 1


def test_a_stopped_medication_keeps_its_dates_and_reason_and_cannot_be_stopped_twice(
    clinician_a, patient_a, episode_a, today
):
    medication = _add(clinician_a, patient_a, episode_a)
    medication_stop(acting_user=clinician_a, medication=medication, stopped_on=today, reason="Side effects")
    medication.refresh_from_db()
    assert (medication.status, medication.stopped_on, medication.stop_reason) == ("stopped", today, "Side effects")
    with pytest.raises(ValidationError) as refused:
        medication_stop(acting_user=clinician_a, medication=medication, stopped_on=today, reason="Again")
    assert "already stopped" in refused.value.messages[0]


@pytest.mark.parametrize(("days", "reason", "field"), [(0, "", "reason"), (-400, "Done", "stopped_on")])
def test_stopping_refuses_a_missing_reason_or_a_date_before_the_start(
    clinician_a, patient_a, episode_a, today, days, reason, field
):
    medication = _add(clinician_a, patient_a, episode_a)
    with pytest.raises(ValidationError) as refused:
        medication_stop(
            acting_user=clinician_a, medication=medication, stopped_on=today + timedelta(days=days), reason=reason
        )
    assert field in refused.value.message_dict
    medication.refresh_from_db()
    assert medication.status == MedicationStatus.ACTIVE


def test_an_entry_in_error_stays_in_the_history_with_the_reason(clinician_a, patient_a, episode_a):
    medication = _add(clinician_a, patient_a, episode_a)
    with pytest.raises(ValidationError) as refused:
        medication_mark_error(acting_user=clinician_a, medication=medication, reason="")
    assert "reason" in refused.value.message_dict
    medication_mark_error(acting_user=clinician_a, medication=medication, reason="Wrong patient")
    medication.refresh_from_db()
    assert medication.status == MedicationStatus.ENTERED_IN_ERROR
    assert Medication.objects.filter(patient=patient_a).count() == 1
