"""The summary's medications section and the aftercare plan's medications to continue start from the
medication list in force on the discharge date (stopped ones left out), for the clinician to edit."""

from datetime import timedelta
from decimal import Decimal

from openiop.core.timezones import local_today
from openiop.medications.services import medication_add, medication_stop

from .builders import drafted_summary, treated_and_discharged


def test_the_draft_lists_the_medications_in_force_at_discharge(patient_a, clinician_a, director_a):
    episode = patient_a.episodes.get()
    today = local_today(episode.program.time_zone)
    common = dict(acting_user=clinician_a, patient=patient_a, episode=episode, source="patient_reported")
    medication_add(
        name="Sertraline", dose_amount=Decimal("50"), dose_unit="mg", route="oral", frequency="daily",
        started_on=today - timedelta(days=10), outside_prescriber_name="Dr. Kim", **common,
    )  # fmt: skip
    stopped = medication_add(
        name="Trazodone", dose_amount=Decimal("25"), dose_unit="mg", route="oral", frequency="daily",
        started_on=today - timedelta(days=10), outside_prescriber_name="Dr. Kim", **common,
    )  # fmt: skip
    medication_stop(
        acting_user=clinician_a, medication=stopped, stopped_on=today - timedelta(days=3), reason="Sedation"
    )
    episode, _ = treated_and_discharged(episode, clinician=clinician_a, director=director_a)

    summary = drafted_summary(episode, clinician=clinician_a)

    assert summary.medications == "Sertraline 50 mg oral daily"
    assert summary.aftercare.medications_to_continue == "Sertraline 50 mg oral daily"
