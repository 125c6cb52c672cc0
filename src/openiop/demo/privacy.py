"""Demo privacy: one record restricted to named staff, and one emergency access waiting for review."""

from datetime import timedelta

from django.utils import timezone

from openiop.episodes.models import EpisodeStatus
from openiop.privacy.models import BreakGlassAccess
from openiop.privacy.services import break_glass_open, patient_restrict


def add_privacy(programs, users) -> dict:
    adult = list(programs["adult"].episodes.filter(status=EpisodeStatus.ACTIVE).select_related("patient"))
    staff_patient = adult[-1].patient
    patient_restrict(
        acting_user=users["paula.privacy"],
        patient=staff_patient,
        allowed_users=[users["dana.director"], users["maya.therapist"]],
        reason="The patient works at the clinic",
    )
    # The adolescent program's counselor, who has no access to the adult program, answered an emergency
    # department's call about an adult patient.
    emergency_patient = adult[0].patient
    grant = break_glass_open(
        acting_user=users["jordan.counselor"],
        mrn=emergency_patient.mrn,
        date_of_birth=emergency_patient.date_of_birth,
        receiving_personnel="Dr. Ana Ruiz",
        receiving_facility="Riverside Hospital emergency department",
        disclosing_person=users["jordan.counselor"].display_name,
        occurred_at=timezone.now() - timedelta(hours=2),
        emergency_nature="Brought in unresponsive; the ED asked for current medications and MAT dose",
    )
    BreakGlassAccess.objects.filter(pk=grant.pk).update(expires_at=timezone.now() + timedelta(hours=2))
    return {"restricted records": 1, "emergency access to review": 1}
