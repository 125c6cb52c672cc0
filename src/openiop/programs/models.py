from django.db import models

from openiop.core.models import TimeStampedModel
from openiop.core.timezones import validate_time_zone

from .hours_rules import PAYER_RULES, default_payer_codes
from .levels import EDITIONS, level_of_care

# iCalendar's two-letter day codes, Monday first (date.weekday() indexes them).
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class RecordScope(models.TextChoices):
    """Which programs' staff read a program's records (docs/decisions/0009-part2-records-follow-their-program.md)."""

    PROGRAM = "program", "Records follow the program that made them (42 CFR 2.12(c)(3): staff who need them)"
    ORGANIZATION = "organization", "Every program of the organization reads every program's records"


class Organization(TimeStampedModel):
    name = models.CharField(max_length=200, unique=True)
    record_scope = models.CharField(
        max_length=20,
        choices=RecordScope.choices,
        default=RecordScope.PROGRAM,
        help_text=(
            "Default 'program': a program's records reach another program's staff only when the patient's care "
            "moves there (a transfer, with what moves recorded) or under a consent naming that program. Source: "
            "42 CFR 2.12(c)(3) (communications within a Part 2 program, or with an entity having direct "
            "administrative control over it, only to staff who need the information for their duties)."
        ),
    )

    def __str__(self) -> str:
        return self.name


class Population(models.TextChoices):
    ADULT = "adult", "Adults"
    ADOLESCENT = "adolescent", "Adolescents"


# Configurable defaults, not a clinical rule: adolescents 12-17, adults 18 and over. The clinical reference
# (docs/reference/clinical-standards.md) gives no age bounds for an IOP population; these follow the age groups
# of the TEDS admission record there (AGE: 12-14 and 15-17 below 18-20). A program sets its own on its settings
# page (min_age/max_age); a new program starts from these.
DEFAULT_AGE_BOUNDS: dict[str, tuple[int | None, int | None]] = {
    "adolescent": (12, 17),
    "adult": (18, None),
}
DEFAULT_AGE_BOUNDS_SOURCE = (
    "Configurable default (adolescents 12-17, adults 18+), not a clinical rule: the clinical reference gives no "
    "program age bounds; the split follows the TEDS AGE groups (12-14, 15-17, then 18-20)."
)

# The consent-to-treat packet signed before admission (episodes.ConsentPacket): key -> title. A program
# lists the keys it asks for (Program.packet_documents); a new program asks for all of these.
PACKET_DOCUMENTS: dict[str, str] = {
    "consent_to_treatment": "Consent to treatment",
    "program_rules": "Program rules and expectations",
    "patient_rights": "Patient rights and grievance procedure",
    "telehealth_consent": "Telehealth consent",
    "financial_responsibility": "Financial responsibility",
    "part2_notice": "Notice of federal confidentiality of SUD records (42 CFR Part 2)",
}


def default_packet_documents() -> list[str]:
    return list(PACKET_DOCUMENTS)


class ClinicalFocus(models.TextChoices):
    SUBSTANCE_USE = "substance_use", "Substance use"
    MENTAL_HEALTH = "mental_health", "Mental health"
    CO_OCCURRING = "co_occurring", "Co-occurring"
    EATING_DISORDERS = "eating_disorders", "Eating disorders"
    TRAUMA = "trauma", "Trauma"


EDITION_CHOICES = [(key, edition.title) for key, edition in EDITIONS.items()]


class Program(TimeStampedModel):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="programs")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40)
    population = models.CharField(max_length=20, choices=Population.choices)
    clinical_focus = models.CharField(max_length=30, choices=ClinicalFocus.choices)
    level_of_care_edition = models.CharField(max_length=10, choices=EDITION_CHOICES)
    level_of_care_code = models.CharField(max_length=10)
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    payer_codes = models.JSONField(
        default=list,
        blank=True,
        help_text="Payer hours rules checked for this program's patients (codes from programs.hours_rules).",
    )
    plan_review_days = models.PositiveSmallIntegerField(
        default=30, help_text="Treatment plans come due for review this many days after signing."
    )
    min_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Youngest age admitted (on the admission date); empty: no lower bound."
    )
    max_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Oldest age admitted (on the admission date); empty: no upper bound."
    )
    packet_documents = models.JSONField(
        default=default_packet_documents,
        blank=True,
        help_text="Consent-to-treat packet documents signed before admission (keys of programs.PACKET_DOCUMENTS).",
    )
    phone = models.CharField(
        max_length=30,
        blank=True,
        help_text="The program's phone number, shown to patients (e.g. on the crisis page after a self-report).",
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="program_name_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def level_of_care(self):
        return level_of_care(self.level_of_care_edition, self.level_of_care_code)

    @property
    def age_range_label(self) -> str:
        if self.min_age is not None and self.max_age is not None:
            return f"ages {self.min_age}-{self.max_age}"
        if self.min_age is not None:
            return f"ages {self.min_age} and over"
        if self.max_age is not None:
            return f"ages up to {self.max_age}"
        return "any age"

    def age_refusal(self, age: int) -> str:
        """Why a patient of ``age`` is outside this program's population, or "" if they are inside it."""
        if (self.min_age is not None and age < self.min_age) or (self.max_age is not None and age > self.max_age):
            return (
                f"The patient is {age} on the admission date; {self.name} ({self.get_population_display()}) "
                f"admits {self.age_range_label}."
            )
        return ""

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        level_of_care(self.level_of_care_edition, self.level_of_care_code)
        unknown = [code for code in self.payer_codes or [] if code not in PAYER_RULES]
        if unknown:
            raise ValidationError(
                {"payer_codes": f"Unknown payer rule {', '.join(unknown)}; choose from {', '.join(PAYER_RULES)}."}
            )

    def save(self, *args, **kwargs):
        # A new program checks the payer rules usual for its clinical focus until someone chooses otherwise.
        if self._state.adding and not self.payer_codes:
            self.payer_codes = list(default_payer_codes(self.clinical_focus))
        # ...and the default age bounds of its population (DEFAULT_AGE_BOUNDS) unless given.
        if self._state.adding and self.min_age is None and self.max_age is None:
            self.min_age, self.max_age = DEFAULT_AGE_BOUNDS.get(self.population, (None, None))
        super().save(*args, **kwargs)


class TimeOfDay(models.TextChoices):
    MORNING = "morning", "Morning"
    AFTERNOON = "afternoon", "Afternoon"
    EVENING = "evening", "Evening"


class Track(TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="tracks")
    name = models.CharField(max_length=120)
    time_of_day = models.CharField(max_length=20, choices=TimeOfDay.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["program__name", "name"]
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="track_name_unique")]

    def __str__(self) -> str:
        return self.name


class Phase(TimeStampedModel):
    """A step of a track's intensity, e.g. Phase 1: five days a week; Phase 2: three; Phase 3: two.

    ``weekdays`` are the days of the track a patient in this phase is expected at; the track's sessions on
    other days are not on their schedule. Stepping down moves the episode to a later phase from a date.
    """

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="phases")
    name = models.CharField(max_length=80)
    order = models.PositiveSmallIntegerField(help_text="1 is the most intensive")
    weekdays = models.CharField(max_length=20, help_text="Comma-separated: MO,TU,WE,TH,FR,SA,SU")
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["program__name", "order"]
        constraints = [
            models.UniqueConstraint(fields=["program", "name"], name="phase_name_unique"),
            models.UniqueConstraint(fields=["program", "order"], name="phase_order_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def weekday_list(self) -> list[str]:
        return [day for day in self.weekdays.split(",") if day]
