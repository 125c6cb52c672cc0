from django.conf import settings
from django.db import models
from django.db.models import Q

from openiop.core.models import TimeStampedModel


class DiagnosisRank(models.TextChoices):
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"


class DiagnosisStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    RESOLVED = "resolved", "Resolved"
    ENTERED_IN_ERROR = "entered_in_error", "Entered in error"


class Diagnosis(TimeStampedModel):
    """One ICD-10-CM diagnosis of a patient within an episode of care.

    The description is a snapshot of the code list's text when it was chosen, so a later code-set update
    does not change what was diagnosed. Rows are never deleted: a mistake is marked entered-in-error.
    """

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="diagnoses")
    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="diagnoses")
    code = models.CharField(max_length=10)
    description = models.CharField(max_length=300)
    code_set = models.CharField(max_length=40)
    rank = models.CharField(max_length=10, choices=DiagnosisRank.choices)
    status = models.CharField(max_length=20, choices=DiagnosisStatus.choices, default=DiagnosisStatus.ACTIVE)
    onset_on = models.DateField(null=True, blank=True)
    diagnosed_on = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)
    diagnosed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    status_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["status", "rank", "diagnosed_on", "id"]
        constraints = [
            # The service keeps exactly one active primary per episode; this is the database's backstop.
            models.UniqueConstraint(
                fields=["episode"], condition=Q(rank="primary", status="active"), name="one_active_primary_diagnosis"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status == DiagnosisStatus.ACTIVE
