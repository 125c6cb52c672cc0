"""Access beyond the usual rules: emergencies (42 CFR 2.51 break-glass) and patients restricted to named staff."""

from django.conf import settings
from django.db import models

from openiop.core.models import TimeStampedModel


class BreakGlassAccess(TimeStampedModel):
    """An emergency opening of a chart the user could not otherwise see, with the four fields §2.51 requires
    to be recorded immediately: recipient medical personnel and facility, who disclosed, when, and why."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="break_glass")
    receiving_personnel = models.CharField("Receiving medical personnel", max_length=200)
    receiving_facility = models.CharField("Their facility", max_length=200)
    disclosing_person = models.CharField("Person making the disclosure", max_length=200)
    occurred_at = models.DateTimeField("Date and time of the disclosure")
    emergency_nature = models.TextField("Nature of the emergency")
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "patient", "expires_at"], name="break_glass_grant_idx")]

    def __str__(self) -> str:
        return f"Break-glass {self.pk}"


class RestrictedAccess(TimeStampedModel):
    """A named user allowed to see a restricted patient (e.g. a staff member who is also a patient)."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="restricted_access")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["patient", "user"], name="restricted_access_once")]
