"""Progress notes for attended sessions, group notes written once, addenda, and the notes settings.

A note is a draft until its author signs it; then it is locked: corrections are addenda. A group note is
written once and, when signed, produces one ProgressNote in each attendee's chart holding the shared part and
that attendee's own section only.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from openiop.accounts.signing import METHOD_CHOICES as SIGNING_METHODS
from openiop.core.models import TimeStampedModel
from openiop.schedule.models import GROUP_TYPES, SessionType

from .formats import (
    DEFAULT_FORMAT,
    FORMAT_CHOICES,
    GROUP_LATE_ENTRY_HOURS_DEFAULT,
    LATE_ENTRY_HOURS_DEFAULT,
    format_of,
)


class NoteSettings(TimeStampedModel):
    """A program's note settings, kept here so the programs app needs no new fields."""

    program = models.OneToOneField("programs.Program", on_delete=models.CASCADE, related_name="note_settings")
    note_format = models.CharField(max_length=10, choices=FORMAT_CHOICES, default=DEFAULT_FORMAT)
    late_entry_hours = models.PositiveSmallIntegerField(
        default=LATE_ENTRY_HOURS_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 30)],
        help_text="Notes signed more than this many hours after the session ends are marked late entry",
    )
    # The documentation deadline for group sessions; ``late_entry_hours`` is the one for individual sessions.
    group_late_entry_hours = models.PositiveSmallIntegerField(
        default=GROUP_LATE_ENTRY_HOURS_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 30)],
        help_text="Group notes are due this many hours after the group ends",
    )

    def __str__(self) -> str:
        return f"Note settings of program {self.program_id}"

    def deadline_hours(self, session_type: str) -> int:
        """Hours after a session ends by which its note is due: the group or the individual deadline."""
        return self.group_late_entry_hours if session_type in GROUP_TYPES else self.late_entry_hours


class NoteSupervision(TimeStampedModel):
    """Staff whose notes need a supervisor's co-signature, and who that supervisor is, per program."""

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="note_supervisions")
    supervisee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "supervisee"], name="one_supervisor_per_supervisee"),
            models.CheckConstraint(
                condition=~models.Q(supervisee=models.F("supervisor")), name="supervisor_is_someone_else"
            ),
        ]

    def __str__(self) -> str:
        return f"Supervision {self.supervisee_id} → {self.supervisor_id}"


class NoteTemplate(TimeStampedModel):
    """A program's template for notes of some session types: a format and prefilled text per section.

    Managed by a director on the notes settings page (notes.services.note_template_*); a clinician picks one
    when starting a note, which copies the text into the draft, so editing or retiring the template later never
    changes a note written from it. Retired, never deleted: notes keep pointing at the template they came from.
    """

    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="note_templates")
    name = models.CharField(max_length=120)
    session_types = models.JSONField(default=list, help_text="Session types (schedule.SessionType) it is offered for")
    note_format = models.CharField(max_length=10, choices=FORMAT_CHOICES)
    sections = models.JSONField(default=dict, help_text="Section key → prefilled text, keys from the format")
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="note_template_name_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def format(self):
        return format_of(self.note_format)

    @property
    def session_type_labels(self) -> list[str]:
        return [SessionType(value).label for value in self.session_types if value in SessionType.values]


class NoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"


class GroupNote(TimeStampedModel):
    session = models.OneToOneField("schedule.Session", on_delete=models.PROTECT, related_name="group_note")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(max_length=200, blank=True)
    curriculum = models.CharField(max_length=200, blank=True)
    interventions = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    signed_name = models.CharField(max_length=200, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_method = models.CharField(max_length=10, choices=SIGNING_METHODS, blank=True)

    def __str__(self) -> str:
        return f"Group note {self.pk}"

    @property
    def is_signed(self) -> bool:
        return self.status == NoteStatus.SIGNED


class Participation(models.TextChoices):
    ACTIVE = "active", "Active: contributed and engaged"
    MODERATE = "moderate", "Moderate: contributed when prompted"
    MINIMAL = "minimal", "Minimal: listened, little contribution"
    DISRUPTIVE = "disruptive", "Disruptive: interfered with the group"


class GroupNoteEntry(models.Model):
    """One attendee's own section of a group note."""

    group_note = models.ForeignKey(GroupNote, on_delete=models.CASCADE, related_name="entries")
    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="+")
    participation = models.CharField(max_length=20, choices=Participation.choices, blank=True)
    response = models.TextField(blank=True)
    goal = models.ForeignKey("plans.Goal", on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    individual_note = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group_note", "episode"], name="one_entry_per_attendee")]

    def __str__(self) -> str:
        return f"Entry {self.pk} of group note {self.group_note_id}"


class AttendanceFlag(models.TextChoices):
    DOCUMENTED_IN_ERROR = "documented_in_error", "Documented in error: the patient is now recorded absent"


class ProgressNote(TimeStampedModel):
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="progress_notes")
    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="progress_notes")
    session = models.ForeignKey("schedule.Session", on_delete=models.PROTECT, related_name="progress_notes")
    group_note = models.ForeignKey(
        GroupNote, on_delete=models.PROTECT, related_name="progress_notes", null=True, blank=True
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note_format = models.CharField(max_length=10)
    service_type = models.CharField(max_length=30, help_text="The session type")
    service_date = models.DateField(help_text="Local date of the session")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(help_text="Minutes the patient attended")
    participants = models.CharField(max_length=300)
    sections = models.JSONField(default=dict, help_text="Section key → text, keys from the note's format")
    goals = models.ManyToManyField("plans.Goal", related_name="+", blank=True)
    next_steps = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    signed_name = models.CharField(max_length=200, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_method = models.CharField(max_length=10, choices=SIGNING_METHODS, blank=True)
    late_entry = models.BooleanField(default=False)
    late_entry_reason = models.CharField(max_length=300, blank=True)
    cosign_supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    cosigned_name = models.CharField(max_length=200, blank=True)
    cosigned_at = models.DateTimeField(null=True, blank=True)
    cosigned_method = models.CharField(max_length=10, choices=SIGNING_METHODS, blank=True)
    addendum_requested_at = models.DateTimeField(null=True, blank=True)
    copied_forward_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="The earlier signed note whose plan section was copied into this one (shown on the note)",
    )
    template = models.ForeignKey(
        NoteTemplate,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="The program's note template the draft was started from, if any",
    )
    attendance_flag = models.CharField(
        max_length=20,
        choices=AttendanceFlag.choices,
        blank=True,
        help_text="Set when the roll call changed after signing (notes.services.notes_follow_attendance)",
    )

    class Meta:
        ordering = ["-service_date", "-starts_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["session", "episode"], name="one_note_per_attended_session")]
        indexes = [models.Index(fields=["author", "status"], name="note_author_status_idx")]

    def __str__(self) -> str:
        return f"Progress note {self.pk} ({self.get_status_display()})"

    @property
    def is_signed(self) -> bool:
        return self.status == NoteStatus.SIGNED

    @property
    def format(self):
        return format_of(self.note_format)

    @property
    def section_rows(self) -> list[tuple]:
        """(section, text) in the format's order, for display."""
        return [(section, self.sections.get(section.key, "")) for section in self.format.sections]

    @property
    def hours_after_session(self) -> int | None:
        if self.signed_at is None:
            return None
        return int((self.signed_at - self.ends_at).total_seconds() // 3600)

    @property
    def awaiting_cosign(self) -> bool:
        return self.is_signed and self.cosign_supervisor_id is not None and self.cosigned_at is None


class NoteAddendum(models.Model):
    note = models.ForeignKey(ProgressNote, on_delete=models.PROTECT, related_name="addenda")
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Addendum {self.pk} to note {self.note_id}"


# Sessions whose conversation a counselling note documents: private, joint, family or group counselling.
COUNSELLING_TYPES = frozenset(
    {SessionType.INDIVIDUAL_THERAPY, SessionType.FAMILY_THERAPY, SessionType.GROUP_THERAPY, SessionType.FAMILY_GROUP}
)


class CounsellingNote(TimeStampedModel):
    """An SUD counselling note (42 CFR 2.11): the counsellor's own notes documenting or analysing what was said
    in a counselling session, kept apart from the rest of the record. Read by the author and the author's
    supervisor only (privacy.policy.may_read_counselling_note); disclosed only under a counselling-notes consent;
    never in a record release of any other category. Signed notes are locked."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="counselling_notes")
    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="counselling_notes")
    session = models.ForeignKey("schedule.Session", on_delete=models.PROTECT, related_name="counselling_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    service_date = models.DateField(help_text="Local date of the session")
    text = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    signed_name = models.CharField(max_length=200, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_method = models.CharField(max_length=10, choices=SIGNING_METHODS, blank=True)

    class Meta:
        ordering = ["-service_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "episode", "author"], name="one_counselling_note_per_session")
        ]
        indexes = [models.Index(fields=["patient", "author"], name="counselling_patient_author_idx")]

    def __str__(self) -> str:
        return f"Counselling note {self.pk} ({self.get_status_display()})"

    @property
    def is_signed(self) -> bool:
        return self.status == NoteStatus.SIGNED
