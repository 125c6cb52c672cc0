from openiop.privacy.models import RecordCategory
from openiop.privacy.policy import records_q

from .models import Diagnosis, DiagnosisStatus


def diagnoses_for_patient(*, patient, user) -> list[Diagnosis]:
    """The patient's diagnoses ``user`` may read (privacy.policy.records_q: made in the user's programs, or
    moved or consented to them): active first, primary first. One query."""
    return list(
        Diagnosis.objects.filter(records_q(user, RecordCategory.DIAGNOSES), patient=patient)
        .select_related("diagnosed_by", "status_changed_by")
        .order_by("status", "rank", "-diagnosed_on", "id")
    )


def active_diagnoses(*, episode) -> list[Diagnosis]:
    return list(Diagnosis.objects.filter(episode=episode, status=DiagnosisStatus.ACTIVE).order_by("rank", "id"))
