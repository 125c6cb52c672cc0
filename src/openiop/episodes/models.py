from django.conf import settings
from django.db import models
from django.db.models import Q

from openiop.core.models import TimeStampedModel
from openiop.programs.levels import EDITIONS, level_of_care

from .codes import DischargeReason, ReferralSource


class EpisodeStatus(models.TextChoices):
    """FHIR EpisodeOfCare.status values."""

    PLANNED = "planned", "Planned"
    WAITLIST = "waitlist", "Waitlist"
    ACTIVE = "active", "Active"
    ON_HOLD = "onhold", "On hold"
    FINISHED = "finished", "Finished"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (EpisodeStatus.PLANNED, EpisodeStatus.WAITLIST, EpisodeStatus.ACTIVE, EpisodeStatus.ON_HOLD)
IN_TREATMENT_STATUSES = (EpisodeStatus.ACTIVE, EpisodeStatus.ON_HOLD)
EDITION_CHOICES = [(key, edition.title) for key, edition in EDITIONS.items()]


class Episode(TimeStampedModel):
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="episodes")
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="episodes")
    track = models.ForeignKey(
        "programs.Track", on_delete=models.PROTECT, related_name="episodes", null=True, blank=True
    )
    phase = models.ForeignKey(
        "programs.Phase", on_delete=models.PROTECT, related_name="episodes", null=True, blank=True
    )
    status = models.CharField(max_length=20, choices=EpisodeStatus.choices, default=EpisodeStatus.PLANNED)
    referral_source = models.PositiveSmallIntegerField(choices=ReferralSource.choices)
    level_of_care_edition = models.CharField(max_length=10, choices=EDITION_CHOICES)
    level_of_care_code = models.CharField(max_length=10)
    admitted_on = models.DateField(null=True, blank=True)
    discharged_on = models.DateField(null=True, blank=True)
    discharge_reason = models.PositiveSmallIntegerField(choices=DischargeReason.choices, null=True, blank=True)
    status_reason = models.CharField(max_length=300, blank=True)
    primary_clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="primary_episodes", null=True, blank=True
    )
    transferred_from = models.OneToOneField(
        "self", on_delete=models.PROTECT, related_name="transferred_to", null=True, blank=True
    )
    care_team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CareTeamMember", related_name="care_team_episodes", blank=True
    )

    class Meta:
        ordering = ["-admitted_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "program"],
                condition=Q(status__in=["planned", "waitlist", "active", "onhold"]),
                name="one_open_episode_per_patient_per_program",
            ),
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True)
                | (Q(admitted_on__isnull=False) & Q(discharged_on__gte=models.F("admitted_on"))),
                name="discharge_not_before_admission",
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(admitted_on__isnull=False), name="active_episode_has_admission"
            ),
        ]
        indexes = [models.Index(fields=["program", "status"], name="episode_program_status_idx")]

    def __str__(self) -> str:
        return f"Episode {self.pk} ({self.get_status_display()})"

    @property
    def level_of_care(self):
        return level_of_care(self.level_of_care_edition, self.level_of_care_code)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CareTeamMember(TimeStampedModel):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_memberships")
    team_role = models.CharField(max_length=60, help_text="e.g. primary counselor, prescriber, peer recovery coach")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["episode", "user"], name="care_team_member_unique")]


class LevelOfCareChangeKind(models.TextChoices):
    ADMISSION = "admission", "Admission"
    TRANSFER = "transfer", "Transfer (track or level)"
    STEP_DOWN = "step_down", "Step down"
    STEP_UP = "step_up", "Step up"
    DISCHARGE = "discharge", "Discharge"


class LevelOfCareChange(models.Model):
    """The level-of-care history of an episode: one row per admission, transfer, step and discharge.

    Each row holds the whole placement from ``effective_on`` (level, track, phase), so the placement on
    any date is the latest row on or before it; schedules read the phase that way.
    """

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="level_history")
    kind = models.CharField(max_length=20, choices=LevelOfCareChangeKind.choices)
    effective_on = models.DateField()
    level_of_care_edition = models.CharField(max_length=10, choices=EDITION_CHOICES)
    level_of_care_code = models.CharField(max_length=10)
    track = models.ForeignKey("programs.Track", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    phase = models.ForeignKey("programs.Phase", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    # What the decision rested on (attendance, measures, screens), as composed by the app that recorded it.
    evidence = models.JSONField(default=dict, blank=True)
    evidence_summary = models.CharField(max_length=1000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["effective_on", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.effective_on}"

    @property
    def level_of_care(self):
        return level_of_care(self.level_of_care_edition, self.level_of_care_code)


class AdmissionCheck(models.TextChoices):
    """What admission checks before an episode opens (episodes.services.episode_admit)."""

    AGE = "age", "Age outside the program's population"
    CONSENT_PACKET = "consent_packet", "Consent-to-treat packet not signed"


class AdmissionOverride(models.Model):
    """A program director's decision to admit although a check refused it, with the reason (kept here, not in
    the audit trail, which holds identifiers only)."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="admission_overrides")
    admission_check = models.CharField(max_length=20, choices=AdmissionCheck.choices)
    refusal = models.CharField(max_length=500, help_text="What the check said")
    reason = models.CharField(max_length=500)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"Override of {self.admission_check} for episode {self.episode_id}"


class PacketSignatureMethod(models.TextChoices):
    TYPED = "typed", "Typed on screen by the signer"
    UPLOADED = "uploaded", "Signed paper packet, uploaded"


class PacketSigner(models.TextChoices):
    PATIENT = "patient", "The patient"
    PARENT_GUARDIAN = "parent_guardian", "Parent or guardian of a minor"
    LEGAL_REPRESENTATIVE = "legal_representative", "Legal representative"


class ConsentPacket(models.Model):
    """The consent-to-treat packet of an episode, signed before admission: the documents of the program's
    packet (programs.PACKET_DOCUMENTS, listed per program) as they were when signed."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="consent_packets")
    documents = models.JSONField(help_text="[{key, title}] of the documents signed")
    signed_by_name = models.CharField(max_length=200)
    signer_relationship = models.CharField(max_length=30, choices=PacketSigner.choices)
    signature_method = models.CharField(max_length=20, choices=PacketSignatureMethod.choices)
    signed_at = models.DateTimeField()
    signed_ip = models.CharField(max_length=45, blank=True)
    document = models.BinaryField(null=True, blank=True, editable=False)
    document_name = models.CharField(max_length=200, blank=True)
    document_type = models.CharField(max_length=60, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-signed_at", "-id"]

    def __str__(self) -> str:
        return f"Consent packet {self.pk} of episode {self.episode_id}"

    @property
    def document_keys(self) -> list[str]:
        return [d["key"] for d in self.documents]
