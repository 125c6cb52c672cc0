from datetime import date

from django.conf import settings
from django.db import models

from openiop.core.models import TimeStampedModel


class SexAssignedAtBirth(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    INTERSEX = "intersex", "Intersex"
    UNKNOWN = "unknown", "Unknown"
    DECLINED = "declined", "Declined to answer"


class PatientQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PatientQuerySet":
        """Patients the access policy lets the user see (openiop.privacy.policy). Every patient read starts here."""
        from openiop.privacy.policy import visible_q

        if not user.is_authenticated:
            return self.none()
        return self.filter(visible_q(user))


class Patient(TimeStampedModel):
    mrn = models.CharField("MRN", max_length=12, unique=True)
    legal_first_name = models.CharField(max_length=100)
    legal_last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    is_restricted = models.BooleanField(
        default=False, help_text="Only the staff named by the privacy officer see this record (privacy app)."
    )
    sex_assigned_at_birth = models.CharField(max_length=20, choices=SexAssignedAtBirth.choices)
    gender_identity = models.CharField(max_length=60, blank=True)
    pronouns = models.CharField(max_length=30, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address_line = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    emergency_contact_name = models.CharField(max_length=150, blank=True)
    emergency_contact_relationship = models.CharField(max_length=60, blank=True)
    emergency_contact_phone = models.CharField(max_length=30, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_records",
        help_text="Set when this record was a duplicate merged into another (patients.services.patient_merge).",
    )

    objects = PatientQuerySet.as_manager()

    class Meta:
        ordering = ["legal_last_name", "legal_first_name", "id"]
        indexes = [models.Index(fields=["legal_last_name", "legal_first_name"], name="patient_name_idx")]

    def __str__(self) -> str:
        return f"Patient {self.mrn}"

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.legal_first_name
        return f"{first} {self.legal_last_name}"

    @property
    def legal_name(self) -> str:
        return f"{self.legal_first_name} {self.legal_last_name}"

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class DuplicateDecision(models.Model):
    """Staff registered a patient although likely duplicates were found, saying why this is another person."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="duplicate_decisions")
    candidate_ids = models.JSONField(help_text="Ids of the patients that looked like the same person")
    reason = models.CharField(max_length=300)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"Different-person decision for patient {self.patient_id}"


class PatientMerge(models.Model):
    """A duplicate record merged into the kept one. ``moved`` is the manifest of every row that moved
    ({"app_label.Model.field": [ids]}), so the merge could be undone row by row; the duplicate record itself is
    kept, marked ``merged_into``."""

    kept = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="merges_as_duplicate")
    reason = models.CharField(max_length=300)
    moved = models.JSONField()
    kept_was_restricted = models.BooleanField(default=False)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"Merge of patient {self.merged_id} into {self.kept_id}"

    @property
    def moved_count(self) -> int:
        return sum(len(ids) for ids in self.moved.values())
