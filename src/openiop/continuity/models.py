"""Continuity of care after (and around) an IOP episode: the discharge summary and aftercare plan, signed
and locked together; essential-services referrals; alumni check-ins after discharge; readmission links."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from openiop.accounts.signing import METHOD_CHOICES as SIGNING_METHODS
from openiop.core.models import TimeStampedModel

from .checkin_rules import DEFAULT_CHECKIN_DAYS
from .codes import EmploymentStatus, PatientSignatureMethod, ReferralCategory, ReferralStatus, SummaryStatus


def _default_checkin_days() -> list[int]:
    return list(DEFAULT_CHECKIN_DAYS)


class AftercareSettings(TimeStampedModel):
    """A program's alumni follow-up schedule (kept here so the programs app needs no new field)."""

    program = models.OneToOneField("programs.Program", on_delete=models.CASCADE, related_name="aftercare_settings")
    checkin_days = models.JSONField(default=_default_checkin_days, help_text="Days after discharge, ascending")

    def __str__(self) -> str:
        return f"Aftercare settings of program {self.program_id}"


class DischargeSummary(TimeStampedModel):
    """Assembled from the record (``record``: dates, levels, services, measures, goals) as a draft; the
    clinician edits the narrative parts; signing locks it and its aftercare plan for good."""

    episode = models.OneToOneField("episodes.Episode", on_delete=models.PROTECT, related_name="discharge_summary")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="discharge_summaries")
    status = models.CharField(max_length=10, choices=SummaryStatus.choices, default=SummaryStatus.DRAFT)
    record = models.JSONField(default=dict, help_text="Facts assembled from the chart when drafted or refreshed")
    assembled_at = models.DateTimeField()
    medications = models.TextField(blank=True, help_text="Medications at discharge (free text for now)")
    clinician_narrative = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    signed_typed_name = models.CharField(max_length=200, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_method = models.CharField(max_length=10, choices=SIGNING_METHODS, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(signed_at__isnull=False, signed_by__isnull=False),
                name="signed_summary_has_signer",
            )
        ]

    def __str__(self) -> str:
        return f"Discharge summary {self.pk} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == SummaryStatus.DRAFT


class AftercarePlan(TimeStampedModel):
    """What happens after discharge; drafted with the summary and signed with it."""

    summary = models.OneToOneField(DischargeSummary, on_delete=models.PROTECT, related_name="aftercare")
    next_provider_name = models.CharField(max_length=200, blank=True)
    next_provider_address = models.CharField(max_length=300, blank=True)
    next_provider_phone = models.CharField(max_length=40, blank=True)
    first_appointment_at = models.DateTimeField(null=True, blank=True)
    support_groups = models.JSONField(default=list, blank=True, help_text="codes.SupportGroup values")
    support_groups_other = models.CharField(max_length=300, blank=True)
    medications_to_continue = models.TextField(blank=True)
    relapse_triggers = models.TextField(blank=True)
    coping_strategies = models.TextField(blank=True)
    warning_signs = models.TextField(blank=True)
    local_crisis_line = models.CharField(max_length=120, blank=True)
    emergency_contacts = models.TextField(blank=True)
    # The patient's signature on the locked plan: typed name and date with a typed or drawn signature, or a
    # scan of the signed paper copy. Recorded once.
    patient_signature_method = models.CharField(max_length=10, choices=PatientSignatureMethod.choices, blank=True)
    patient_signed_name = models.CharField(max_length=200, blank=True)
    patient_signed_on = models.DateField(null=True, blank=True)
    patient_typed_signature = models.CharField(max_length=200, blank=True)
    patient_signature_image = models.BinaryField(null=True, blank=True, editable=False, help_text="Drawn or scanned")
    patient_signature_image_type = models.CharField(max_length=30, blank=True)
    patient_signature_file_name = models.CharField(max_length=200, blank=True)
    patient_signature_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    patient_signature_recorded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Aftercare plan {self.pk}"

    @property
    def patient_signed(self) -> bool:
        return bool(self.patient_signature_method)

    @property
    def patient_signature_data_url(self) -> str:
        """The drawn or scanned signature as a data: URL, for the page and the PDF."""
        if not self.patient_signature_image:
            return ""
        import base64

        encoded = base64.b64encode(bytes(self.patient_signature_image)).decode()
        return f"data:{self.patient_signature_image_type};base64,{encoded}"


class ServiceReferral(TimeStampedModel):
    """A referral for an essential service (housing, employment ...), during treatment or at discharge."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="service_referrals")
    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="service_referrals")
    category = models.CharField(max_length=20, choices=ReferralCategory.choices)
    agency = models.CharField(max_length=200)
    contact = models.CharField(max_length=200, blank=True, help_text="Person, phone or e-mail at the agency")
    reason = models.CharField(max_length=500)
    status = models.CharField(max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SUGGESTED)
    suggested_on = models.DateField()
    referred_on = models.DateField(null=True, blank=True)
    connected_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    status_note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["suggested_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} referral {self.pk} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in (ReferralStatus.SUGGESTED, ReferralStatus.REFERRED)


class AlumniCheckIn(TimeStampedModel):
    """One scheduled check-in ``day_number`` days after discharge. Created when its link is first issued;
    the schedule itself is computed from the program's settings. Only a hash of the link token is stored."""

    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="alumni_checkins")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="alumni_checkins")
    day_number = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    link_issued_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    days_alcohol_use = models.PositiveSmallIntegerField(null=True, blank=True)
    days_drug_use = models.PositiveSmallIntegerField(null=True, blank=True)
    abstinent = models.BooleanField(null=True, blank=True)
    employment = models.CharField(max_length=30, choices=EmploymentStatus.choices, blank=True)
    stable_housing = models.BooleanField(null=True, blank=True)
    days_support_meetings = models.PositiveSmallIntegerField(null=True, blank=True)
    wants_contact = models.BooleanField(null=True, blank=True)
    anything_else = models.TextField(blank=True)
    concerns = models.JSONField(default=list, blank=True, help_text="checkin_rules.CONCERNS keys raised")

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["episode", "day_number"], name="one_checkin_per_day_number")]

    def __str__(self) -> str:
        return f"Alumni check-in {self.pk} (day {self.day_number})"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def concern_titles(self) -> list[str]:
        from .checkin_rules import CONCERNS_BY_KEY

        return [CONCERNS_BY_KEY[key].title for key in self.concerns if key in CONCERNS_BY_KEY]


class Readmission(TimeStampedModel):
    """A new episode opened for someone discharged before, linked to the episode it follows."""

    old_episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="readmissions")
    new_episode = models.OneToOneField("episodes.Episode", on_delete=models.PROTECT, related_name="readmitted_from")
    reason = models.CharField(max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Readmission {self.old_episode_id} → {self.new_episode_id}"
