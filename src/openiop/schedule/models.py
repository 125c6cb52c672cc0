"""The program calendar: recurring group series, the sessions they produce, and attendance."""

from django.conf import settings
from django.db import models

from openiop.core.models import TimeStampedModel
from openiop.programs.models import WEEKDAYS  # noqa: F401  (re-exported: the calendar's day codes)


class SessionType(models.TextChoices):
    GROUP_THERAPY = "group_therapy", "Group therapy"
    PSYCHOEDUCATION = "psychoeducation", "Psychoeducation class"
    FAMILY_GROUP = "family_group", "Family group"
    INDIVIDUAL_THERAPY = "individual_therapy", "Individual therapy"
    FAMILY_THERAPY = "family_therapy", "Family therapy"
    MEDICATION_MANAGEMENT = "medication_management", "Medication management visit"
    HOLISTIC = "holistic", "Holistic (yoga, meditation, art)"
    PEER_SUPPORT = "peer_support", "Peer support"
    ALUMNI_GROUP = "alumni_group", "Alumni group"


# Booked for one patient (and family members); the others run as recurring groups.
APPOINTMENT_TYPES = frozenset(
    {SessionType.INDIVIDUAL_THERAPY, SessionType.FAMILY_THERAPY, SessionType.MEDICATION_MANAGEMENT}
)
GROUP_TYPES = frozenset(SessionType.values) - APPOINTMENT_TYPES
# Alumni groups happen after discharge and are not treatment hours.
NOT_TREATMENT_HOURS = frozenset({SessionType.ALUMNI_GROUP})


class Room(TimeStampedModel):
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(max_length=80)
    capacity = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="room_name_unique")]

    def __str__(self) -> str:
        return self.name


class SessionSeries(TimeStampedModel):
    """A recurring group (e.g. Mon/Tue/Thu 18:00–21:00). Its wall-clock time holds across DST changes."""

    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="session_series")
    track = models.ForeignKey("programs.Track", on_delete=models.PROTECT, related_name="session_series", null=True)
    session_type = models.CharField(max_length=30, choices=SessionType.choices)
    title = models.CharField(max_length=120)
    weekdays = models.CharField(max_length=20, help_text="Comma-separated: MO,TU,WE,TH,FR,SA,SU")
    start_time = models.TimeField(help_text="Wall-clock time in the program's time zone")
    duration_minutes = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    telehealth_url = models.URLField(blank=True)
    capacity = models.PositiveSmallIntegerField()
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="facilitated_series")

    def __str__(self) -> str:
        return self.title


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class Session(TimeStampedModel):
    """One occurrence: of a series (its own row, so it can be moved or cancelled alone), or a one-off."""

    series = models.ForeignKey(SessionSeries, on_delete=models.PROTECT, related_name="sessions", null=True, blank=True)
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="sessions")
    track = models.ForeignKey(
        "programs.Track", on_delete=models.PROTECT, related_name="sessions", null=True, blank=True
    )
    session_type = models.CharField(max_length=30, choices=SessionType.choices)
    title = models.CharField(max_length=120)
    topic = models.CharField(max_length=200, blank=True, help_text="Curriculum topic of this occurrence")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions")
    telehealth_url = models.URLField(blank=True)
    capacity = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    status_reason = models.CharField(max_length=200, blank=True)
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="facilitated_sessions")
    # An individual or family appointment is booked for one patient's episode (family members by name).
    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, related_name="appointments", null=True, blank=True
    )
    family_members = models.CharField(max_length=200, blank=True, help_text="Family members invited, if any")

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(episode__isnull=True) | models.Q(track__isnull=True, series__isnull=True),
                name="appointment_is_not_a_track_group",
            ),
        ]
        indexes = [models.Index(fields=["program", "starts_at"], name="session_program_start_idx")]

    def __str__(self) -> str:
        return f"{self.title} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def length_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def counts_toward_hours(self) -> bool:
        return self.session_type not in NOT_TREATMENT_HOURS


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    LEFT_EARLY = "left_early", "Left early"
    TELEHEALTH = "telehealth", "Attended by telehealth"
    ABSENT_EXCUSED = "absent_excused", "Absent, excused"
    ABSENT_UNEXCUSED = "absent_unexcused", "Absent, unexcused"


ATTENDED = frozenset(
    {AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY, AttendanceStatus.TELEHEALTH}
)


class Attendance(TimeStampedModel):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendance")
    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    attended_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "episode"], name="attendance_once_per_session")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.attended_minutes or 0} min)"
