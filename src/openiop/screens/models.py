"""Drug and alcohol screens: a specimen collection and its results, one row per analyte.

Results are not edited once recorded; staff may mark a positive as expected, with a reason, which is kept
beside the result (who and why) and audited.
"""

from django.conf import settings
from django.db import models

from openiop.core.models import TimeStampedModel

from .panels import ANALYTES, Result


class Specimen(models.TextChoices):
    URINE = "urine", "Urine"
    ORAL_FLUID = "oral_fluid", "Oral fluid"
    BREATH = "breath", "Breath"
    BLOOD = "blood", "Blood"
    HAIR = "hair", "Hair"


class Method(models.TextChoices):
    PRESUMPTIVE = "presumptive", "Presumptive (point-of-care cup or strip)"
    CONFIRMATORY = "confirmatory", "Confirmatory lab (e.g. LC-MS/MS)"


class ScreenCollection(TimeStampedModel):
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="screen_collections")
    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="screen_collections")
    collected_at = models.DateTimeField()
    observed = models.BooleanField()
    specimen = models.CharField(max_length=20, choices=Specimen.choices)
    method = models.CharField(max_length=20, choices=Method.choices)
    chain_of_custody_id = models.CharField(max_length=60, blank=True)
    collected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-collected_at", "-pk"]
        indexes = [models.Index(fields=["patient", "-collected_at"], name="screen_patient_collected_idx")]

    def __str__(self) -> str:
        return f"Screen collection {self.pk}"


class ExpectedBy(models.TextChoices):
    PRESCRIPTION = "prescription", "An active prescription"
    STAFF = "staff", "Marked by staff"


class ScreenResult(TimeStampedModel):
    collection = models.ForeignKey(ScreenCollection, on_delete=models.PROTECT, related_name="results")
    analyte = models.CharField(max_length=30, choices=[(a.code, a.label) for a in ANALYTES.values()])
    result = models.CharField(max_length=12, choices=Result.CHOICES)
    # Set for positives an active prescription explains (computed when recorded) or staff marked expected.
    expected = models.BooleanField(default=False)
    expected_by = models.CharField(max_length=20, choices=ExpectedBy.choices, blank=True)
    expected_reason = models.CharField(max_length=300, blank=True)
    expected_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["collection", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "analyte"], name="one_result_per_analyte_per_collection")
        ]

    def __str__(self) -> str:
        return f"{self.analyte}: {self.result}"

    @property
    def analyte_label(self) -> str:
        return ANALYTES[self.analyte].label

    @property
    def is_unexpected_positive(self) -> bool:
        return self.result == Result.POSITIVE and not self.expected

    @property
    def display(self) -> str:
        """Text label for tables (never colour alone)."""
        if self.result == Result.POSITIVE:
            return "Positive, expected" if self.expected else "Positive, unexpected"
        return self.get_result_display().split(" (")[0]

    @property
    def css_class(self) -> str:
        if self.result == Result.POSITIVE:
            return "screen-expected" if self.expected else "screen-unexpected"
        return f"screen-{self.result}"
