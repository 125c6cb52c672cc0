"""An individualized treatment plan: problems → goals (the patient's words) → objectives → interventions.

A plan is a numbered version within an episode. A draft is edited; once the patient, the clinician and a
supervisor have signed it is locked and never changes again: a revision is a new version with copied rows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from openiop.accounts.signing import METHOD_CHOICES as SIGNING_METHODS
from openiop.core.models import TimeStampedModel
from openiop.measures.models import INSTRUMENT_CHOICES

from .rules import ASAM_DIMENSIONS, COMPARATORS, Modality


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed (in force)"
    SUPERSEDED = "superseded", "Superseded"


class TreatmentPlan(TimeStampedModel):
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="treatment_plans")
    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="treatment_plans")
    version = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    revised_from = models.OneToOneField(
        "self", on_delete=models.PROTECT, related_name="revision", null=True, blank=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    locked_at = models.DateTimeField(null=True, blank=True)
    signed_on = models.DateField(null=True, blank=True, help_text="Local date of the last of the three signatures")
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["episode", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "version"], name="plan_version_unique"),
            models.UniqueConstraint(fields=["episode"], condition=Q(status="draft"), name="one_draft_plan_per_episode"),
            models.UniqueConstraint(
                fields=["episode"], condition=Q(status="signed"), name="one_plan_in_force_per_episode"
            ),
        ]

    def __str__(self) -> str:
        return f"Plan v{self.version} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT


class Problem(models.Model):
    plan = models.ForeignKey(TreatmentPlan, on_delete=models.CASCADE, related_name="problems")
    position = models.PositiveSmallIntegerField(default=0)
    statement = models.TextField()
    asam_dimensions = models.JSONField(default=list, blank=True, help_text="ASAM dimension numbers 1-6")
    diagnoses = models.ManyToManyField("diagnoses.Diagnosis", related_name="plan_problems", blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"Problem {self.pk}"

    @property
    def dimension_labels(self) -> list[str]:
        return [f"{n}. {ASAM_DIMENSIONS[n]}" for n in self.asam_dimensions if n in ASAM_DIMENSIONS]


class Goal(models.Model):
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField(default=0)
    statement = models.TextField(help_text="In the patient's own words")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"Goal {self.pk}"


class Objective(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="objectives")
    position = models.PositiveSmallIntegerField(default=0)
    description = models.TextField()
    target_on = models.DateField()
    measure_instrument = models.CharField(max_length=30, choices=INSTRUMENT_CHOICES, blank=True)
    measure_comparator = models.CharField(
        max_length=3, choices=[(k, c.words) for k, c in COMPARATORS.items()], blank=True
    )
    measure_value = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"Objective {self.pk}"

    @property
    def measure_target(self) -> str:
        if not self.measure_instrument:
            return ""
        return f"{self.measure_instrument} {COMPARATORS[self.measure_comparator].symbol} {self.measure_value}"


class Intervention(models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="interventions")
    position = models.PositiveSmallIntegerField(default=0)
    modality = models.CharField(max_length=20, choices=Modality.choices)
    description = models.TextField(blank=True)
    frequency = models.CharField(max_length=100, help_text="e.g. 3 groups/week")
    responsible_staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"Intervention {self.pk}"


class SignerRole(models.TextChoices):
    PATIENT = "patient", "Patient"
    CLINICIAN = "clinician", "Clinician"
    SUPERVISOR = "supervisor", "Clinical supervisor"


class PlanSignature(models.Model):
    """A typed signature. The patient signs on the clinician's screen; that clinician is the witness."""

    plan = models.ForeignKey(TreatmentPlan, on_delete=models.PROTECT, related_name="signatures")
    role = models.CharField(max_length=20, choices=SignerRole.choices)
    typed_name = models.CharField(max_length=200)
    signed_at = models.DateTimeField()
    method = models.CharField(
        max_length=10, choices=SIGNING_METHODS, blank=True, help_text="How a staff signer confirmed who they are"
    )
    ip_address = models.CharField(max_length=45, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    witnessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "role"], name="one_signature_per_role")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} signature on plan {self.plan_id}"


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", "Continue the plan"
    REVISE = "revise", "Revise the plan"


class PlanReview(models.Model):
    plan = models.ForeignKey(TreatmentPlan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField()
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reviewed_on", "id"]

    def __str__(self) -> str:
        return f"Review of plan {self.plan_id} on {self.reviewed_on}"
