from django.db import models

from openiop.core.models import TimeStampedModel
from openiop.core.timezones import validate_time_zone

from .levels import EDITIONS, level_of_care


class Organization(TimeStampedModel):
    name = models.CharField(max_length=200, unique=True)

    def __str__(self) -> str:
        return self.name


class Population(models.TextChoices):
    ADULT = "adult", "Adults"
    ADOLESCENT = "adolescent", "Adolescents"


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

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="program_name_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def level_of_care(self):
        return level_of_care(self.level_of_care_edition, self.level_of_care_code)

    def clean(self) -> None:
        level_of_care(self.level_of_care_edition, self.level_of_care_code)


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
