from django.conf import settings
from django.db import models

from openiop.core.models import TimeStampedModel

from .instruments import INSTRUMENTS

INSTRUMENT_CHOICES = [(name, instrument.title) for name, instrument in INSTRUMENTS.items()]


class AdministrationMode(models.TextChoices):
    CLINICIAN = "clinician", "Clinician-administered"
    SELF_REPORT = "self_report", "Self-report (link)"
    KIOSK = "kiosk", "Self-report (clinic kiosk)"


class MeasureResponse(TimeStampedModel):
    """One administration of one instrument (a FHIR QuestionnaireResponse plus its score Observation).

    Never edited: the answers, total, band, flags and the scheme used stay as scored. Re-scoring under
    another scheme is an explicit action that adds a row pointing at the original (``rescored_from``).
    """

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="measure_responses")
    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, related_name="measure_responses", null=True, blank=True
    )
    instrument = models.CharField(max_length=30, choices=INSTRUMENT_CHOICES)
    answers = models.JSONField()
    context = models.JSONField(default=dict, blank=True)
    total = models.IntegerField(null=True, blank=True)
    band = models.CharField(max_length=80, blank=True)
    flags = models.JSONField(default=list, blank=True)
    subscores = models.JSONField(default=dict, blank=True)
    scheme = models.CharField(max_length=80, blank=True)
    scheme_version = models.CharField(max_length=20, blank=True)
    mode = models.CharField(max_length=20, choices=AdministrationMode.choices)
    administered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    administered_at = models.DateTimeField()
    rescored_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, related_name="rescorings", null=True, blank=True
    )

    class Meta:
        ordering = ["administered_at", "id"]
        indexes = [models.Index(fields=["patient", "instrument", "administered_at"], name="response_patient_instr_idx")]

    def __str__(self) -> str:
        return f"{self.instrument} {self.total} on {self.administered_at:%Y-%m-%d}"

    @property
    def band_label(self) -> str:
        return self.band.replace("_", " ")


class SelfReportLink(TimeStampedModel):
    """A one-time questionnaire link. Only a hash of the token is stored; the token is shown once."""

    token_hash = models.CharField(max_length=64, unique=True)
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="self_report_links")
    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    instrument = models.CharField(max_length=30, choices=INSTRUMENT_CHOICES)
    mode = models.CharField(max_length=20, choices=AdministrationMode.choices, default=AdministrationMode.SELF_REPORT)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    response = models.OneToOneField(
        MeasureResponse, on_delete=models.PROTECT, related_name="link", null=True, blank=True
    )

    def __str__(self) -> str:
        return f"Self-report link {self.pk} ({self.instrument})"


class ScheduleTrigger(models.TextChoices):
    ADMISSION = "admission", "At admission"
    RECURRING = "recurring", "Every N days while in treatment"
    DISCHARGE = "discharge", "At discharge"
    AFTER_DISCHARGE = "after_discharge", "N days after discharge"


class MeasureScheduleRule(TimeStampedModel):
    """Which measure is due when, per program (e.g. PHQ-9 at admission and every 14 days)."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="measure_rules")
    instrument = models.CharField(max_length=30, choices=INSTRUMENT_CHOICES)
    trigger = models.CharField(max_length=20, choices=ScheduleTrigger.choices)
    interval_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Recurring: days between administrations (7 = weekly). After discharge: days after.",
    )
    window_days = models.PositiveSmallIntegerField(default=3, help_text="Days after the due date before it is overdue")

    class Meta:
        ordering = ["program", "instrument", "trigger"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "instrument", "trigger", "interval_days"], name="schedule_rule_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(trigger__in=["admission", "discharge"]) | models.Q(interval_days__gte=1),
                name="schedule_rule_interval_needed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.get_trigger_display()}"


class AlertStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"


class AlertAction(models.TextChoices):
    SAFETY_PLAN_REVIEWED = "safety_plan_reviewed", "Safety plan reviewed with the patient"
    RISK_ASSESSMENT = "risk_assessment", "Full suicide risk assessment completed"
    CRISIS_REFERRAL = "crisis_referral", "Referred to crisis services"
    EMERGENCY_SERVICES = "emergency_services", "Emergency services contacted"
    MEDICAL_EVALUATION = "medical_evaluation", "Medical evaluation for withdrawal arranged"
    LEVEL_OF_CARE_REVIEW = "level_of_care_review", "Level of care reviewed"
    BRIEF_INTERVENTION = "brief_intervention", "Brief intervention given"
    OTHER = "other", "Other (described in the note)"


class SafetyAlert(TimeStampedModel):
    """Raised by a scored measure; open until someone documents the action taken."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="safety_alerts")
    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    response = models.ForeignKey(MeasureResponse, on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField(max_length=30)
    severity = models.CharField(max_length=10)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assigned_alerts", null=True, blank=True
    )
    status = models.CharField(max_length=20, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    action = models.CharField(max_length=30, choices=AlertAction.choices, blank=True)
    action_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "patient"], name="alert_status_patient_idx")]

    def __str__(self) -> str:
        return f"Alert {self.kind} ({self.get_status_display()})"

    @property
    def rule(self):
        from .alert_rules import ALERT_KINDS

        return ALERT_KINDS[self.kind]
