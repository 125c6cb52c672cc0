from django.conf import settings
from django.db import models

from openiop.core.models import TimeStampedModel
from openiop.episodes.codes import ReferralSource
from openiop.programs.levels import EDITIONS, level_of_care

from .codes import (
    AgeAtFirstUse,
    Caller,
    Channel,
    Concern,
    Education,
    Employment,
    Frequency,
    LivingArrangement,
    PlannedMedicationAssistedTherapy,
    PreferredTimes,
    PriorEpisodes,
    Route,
    Substance,
)
from .screening_rules import HigherLevel, Outcome

EDITION_CHOICES = [(key, edition.title) for key, edition in EDITIONS.items()]


class Stage(models.TextChoices):
    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    SCREENED = "screened", "Screened"
    ASSESSMENT_BOOKED = "assessment_booked", "Assessment booked"
    ADMITTED = "admitted", "Admitted"
    REFERRED_ELSEWHERE = "referred_elsewhere", "Referred elsewhere"
    NOT_ADMITTED = "not_admitted", "Not admitted"


OPEN_STAGES = (Stage.NEW, Stage.CONTACTED, Stage.SCREENED, Stage.ASSESSMENT_BOOKED)
EXIT_STAGES = (Stage.REFERRED_ELSEWHERE, Stage.NOT_ADMITTED)
CLOSED_STAGES = (Stage.ADMITTED, *EXIT_STAGES)


class InquiryQuerySet(models.QuerySet):
    def visible_to(self, user) -> "InquiryQuerySet":
        """Inquiries for the user's programs; one linked to a patient only if the access policy shows the user
        that patient (a restricted record stays off the board). Every inquiry read starts here."""
        from openiop.privacy.policy import visible_through

        if not user.is_authenticated:
            return self.none()
        return self.filter(
            models.Q(patient__isnull=True) | visible_through(user, intake_documents=True),
            program_id__in=user.program_ids,
        )


class Inquiry(TimeStampedModel):
    """A first contact: a web request for help or a phone call, followed through the pipeline."""

    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="inquiries")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    stage = models.CharField(max_length=30, choices=Stage.choices, default=Stage.NEW)
    received_at = models.DateTimeField()
    stage_changed_at = models.DateTimeField()
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    caller = models.CharField(max_length=20, choices=Caller.choices, default=Caller.SELF)
    caller_name = models.CharField(max_length=150, blank=True)
    caller_relationship = models.CharField(max_length=60, blank=True)
    referral_source = models.PositiveSmallIntegerField(choices=ReferralSource.choices, null=True, blank=True)
    concern = models.CharField(max_length=30, choices=Concern.choices)
    payer_name = models.CharField(max_length=120, blank=True)
    member_id = models.CharField(max_length=60, blank=True)
    preferred_times = models.CharField(max_length=10, choices=PreferredTimes.choices, default=PreferredTimes.EITHER)
    consent_to_contact = models.BooleanField(default=False)
    message = models.TextField(blank=True)
    exit_reason = models.CharField(max_length=300, blank=True)
    referred_to = models.CharField(max_length=200, blank=True)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="inquiries", null=True, blank=True
    )
    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, related_name="inquiries", null=True, blank=True
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = InquiryQuerySet.as_manager()

    class Meta:
        ordering = ["received_at", "id"]
        indexes = [models.Index(fields=["program", "stage"], name="inquiry_program_stage_idx")]
        verbose_name_plural = "inquiries"

    def __str__(self) -> str:
        return f"Inquiry {self.pk} ({self.get_stage_display()})"

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class InquiryStageChange(models.Model):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="stage_history")
    from_stage = models.CharField(max_length=30, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=30, choices=Stage.choices)
    reason = models.CharField(max_length=300, blank=True)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage or 'start'} -> {self.to_stage}"


class Screening(TimeStampedModel):
    """Pre-admission screening: answers to QUESTIONS (yes/no/unknown + note) and the clinician's outcome."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.PROTECT, related_name="screenings")
    answers = models.JSONField(help_text="{question key: {answer: yes|no|unknown, note: str}}")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    higher_level = models.CharField(max_length=30, choices=HigherLevel.choices, blank=True)
    referred_to = models.CharField(max_length=200, blank=True)
    referral_reason = models.CharField(max_length=300, blank=True)
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"


class Assessment(TimeStampedModel):
    """Biopsychosocial intake assessment: a draft until signed, then locked (changes go into addenda)."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="intake_assessments")
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    substances = models.JSONField(
        default=list,
        blank=True,
        help_text="Up to three rows: {substance, route, frequency, age_at_first_use} with TEDS codes",
    )
    prior_episodes = models.PositiveSmallIntegerField(choices=PriorEpisodes.choices, null=True, blank=True)
    prior_treatment = models.TextField(blank=True)
    mental_health_history = models.TextField(blank=True)
    trauma_history = models.TextField(blank=True)
    eating_disorder_history = models.TextField(blank=True)
    medical_history = models.TextField(blank=True)
    allergies = models.TextField(blank=True)
    current_medications = models.TextField(blank=True)
    family = models.TextField(blank=True)
    social = models.TextField(blank=True)
    legal = models.TextField(blank=True)
    employment = models.PositiveSmallIntegerField(choices=Employment.choices, null=True, blank=True)
    employment_notes = models.TextField(blank=True)
    education = models.PositiveSmallIntegerField(choices=Education.choices, null=True, blank=True)
    living_arrangement = models.PositiveSmallIntegerField(choices=LivingArrangement.choices, null=True, blank=True)
    housing_notes = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    goals_in_own_words = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Assessment {self.pk} ({self.get_status_display()})"

    @property
    def is_signed(self) -> bool:
        return self.status == AssessmentStatus.SIGNED


class Addendum(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="addenda")
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "addenda"

    def __str__(self) -> str:
        return f"Addendum {self.pk} to assessment {self.assessment_id}"


class DifferenceReason(models.TextChoices):
    PATIENT_PREFERENCE = "patient_preference", "Patient preference"
    NOT_AVAILABLE = "not_available", "Recommended level not available"
    PAYER = "payer", "Payer decision"
    OTHER = "other", "Other"


class Placement(TimeStampedModel):
    """ASAM placement: six ratings, the clinician's recommended level and the actual level. Signed when
    recorded; a later placement supersedes it rather than changing it."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="intake_placements")
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="placements", null=True, blank=True
    )
    edition = models.CharField(max_length=10, choices=EDITION_CHOICES)
    ratings = models.JSONField(help_text="{dimension key: {rating: 0-4, note: str}} (intake.asam)")
    recommended_edition = models.CharField(max_length=10, choices=EDITION_CHOICES)
    recommended_code = models.CharField(max_length=10)
    actual_edition = models.CharField(max_length=10, choices=EDITION_CHOICES)
    actual_code = models.CharField(max_length=10)
    difference_reason = models.CharField(max_length=30, choices=DifferenceReason.choices, blank=True)
    difference_note = models.CharField(max_length=300, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["-signed_at", "-id"]

    @property
    def recommended_level(self):
        return level_of_care(self.recommended_edition, self.recommended_code)

    @property
    def actual_level(self):
        return level_of_care(self.actual_edition, self.actual_code)

    @property
    def levels_differ(self) -> bool:
        return (self.recommended_edition, self.recommended_code) != (self.actual_edition, self.actual_code)


class AdmissionRecord(TimeStampedModel):
    """The TEDS admission (MDS) fields captured when an episode is admitted through intake."""

    episode = models.OneToOneField("episodes.Episode", on_delete=models.PROTECT, related_name="admission_record")
    inquiry = models.ForeignKey(Inquiry, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    referral_source = models.PositiveSmallIntegerField(choices=ReferralSource.choices)
    prior_episodes = models.PositiveSmallIntegerField(choices=PriorEpisodes.choices)
    employment = models.PositiveSmallIntegerField(choices=Employment.choices)
    education = models.PositiveSmallIntegerField(choices=Education.choices)
    living_arrangement = models.PositiveSmallIntegerField(choices=LivingArrangement.choices)
    primary_substance = models.PositiveSmallIntegerField(choices=Substance.choices)
    primary_route = models.PositiveSmallIntegerField(choices=Route.choices, null=True, blank=True)
    primary_frequency = models.PositiveSmallIntegerField(choices=Frequency.choices, null=True, blank=True)
    primary_age_at_first_use = models.PositiveSmallIntegerField(choices=AgeAtFirstUse.choices, null=True, blank=True)
    secondary_substance = models.PositiveSmallIntegerField(choices=Substance.choices, null=True, blank=True)
    secondary_route = models.PositiveSmallIntegerField(choices=Route.choices, null=True, blank=True)
    secondary_frequency = models.PositiveSmallIntegerField(choices=Frequency.choices, null=True, blank=True)
    secondary_age_at_first_use = models.PositiveSmallIntegerField(choices=AgeAtFirstUse.choices, null=True, blank=True)
    tertiary_substance = models.PositiveSmallIntegerField(choices=Substance.choices, null=True, blank=True)
    tertiary_route = models.PositiveSmallIntegerField(choices=Route.choices, null=True, blank=True)
    tertiary_frequency = models.PositiveSmallIntegerField(choices=Frequency.choices, null=True, blank=True)
    tertiary_age_at_first_use = models.PositiveSmallIntegerField(choices=AgeAtFirstUse.choices, null=True, blank=True)
    planned_medication_assisted_therapy = models.PositiveSmallIntegerField(
        choices=PlannedMedicationAssistedTherapy.choices
    )
    days_waiting = models.PositiveIntegerField(help_text="Days from the first inquiry to admission (TEDS DAYWAIT)")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class ContactMethod(models.TextChoices):
    CALL = "call", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "E-mail"


class ContactOutcome(models.TextChoices):
    REACHED = "reached", "Reached the person"
    VOICEMAIL = "voicemail", "Left a voicemail"
    NO_ANSWER = "no_answer", "No answer, no voicemail"
    MESSAGE_SENT = "message_sent", "Message sent, no reply yet"
    WRONG_NUMBER = "wrong_number", "Wrong number or address"
    DECLINED = "declined", "Reached; declined for now"


class ContactAttempt(models.Model):
    """One call, text or e-mail to the person of an inquiry, its outcome and when to try next."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="contact_attempts")
    method = models.CharField(max_length=10, choices=ContactMethod.choices)
    outcome = models.CharField(max_length=20, choices=ContactOutcome.choices)
    note = models.CharField(max_length=300, blank=True)
    attempted_at = models.DateTimeField()
    next_attempt_on = models.DateField(null=True, blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["attempted_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} on inquiry {self.inquiry_id}: {self.get_outcome_display()}"
