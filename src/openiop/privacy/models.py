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


class RecordCategory(models.TextChoices):
    """The kinds of record the program rule (policy.records_q) scopes, and a transfer moves.

    The first six are also consent.InformationCategory values, so a consent naming a program covers them."""

    MEDICATIONS = "medications", "Medications, MAT orders and doses"
    DRUG_SCREENS = "drug_screens", "Drug and alcohol screens"
    MEASURES = "measures", "Questionnaire scores and safety alerts"
    DIAGNOSES = "diagnoses", "Diagnoses"
    TREATMENT_PLAN = "treatment_plan", "Treatment plans"
    DISCHARGE = "discharge", "Discharge summaries and aftercare plans"
    NOTES = "notes", "Progress notes"
    CONSENTS = "consents", "Consents and disclosures made under them"
    INTAKE = "intake", "Intake assessments and placements"


class RecordMove(TimeStampedModel):
    """A category of one program's records of a patient that moved to another program with the patient's care
    (episodes.services.episode_transfer records one row per category moved). ``policy.records_q`` reads it."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    from_program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    to_program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=20, choices=RecordCategory.choices)
    transfer_episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="records_moved")
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "from_program", "to_program", "category"], name="record_move_once"
            )
        ]
        indexes = [models.Index(fields=["patient", "to_program"], name="record_move_patient_to_idx")]

    def __str__(self) -> str:
        return f"{self.category} {self.from_program_id} -> {self.to_program_id}"
