from .models import Diagnosis, DiagnosisStatus


def diagnoses_for_patient(*, patient, episode_ids) -> list[Diagnosis]:
    """The patient's diagnoses in the given (visible) episodes: active first, primary first. One query."""
    return list(
        Diagnosis.objects.filter(patient=patient, episode_id__in=episode_ids)
        .select_related("diagnosed_by", "status_changed_by")
        .order_by("status", "rank", "-diagnosed_on", "id")
    )


def active_diagnoses(*, episode) -> list[Diagnosis]:
    return list(Diagnosis.objects.filter(episode=episode, status=DiagnosisStatus.ACTIVE).order_by("rank", "id"))
