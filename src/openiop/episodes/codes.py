"""SAMHSA TEDS code lists used on episodes (public-use codebooks; clinical-standards.md §5.1 [C])."""

from django.db import models


class ReferralSource(models.IntegerChoices):
    """TEDS PSOURCE."""

    INDIVIDUAL = 1, "Individual (includes self-referral)"
    SUD_PROVIDER = 2, "Alcohol/drug use care provider"
    OTHER_HEALTH_PROVIDER = 3, "Other health care provider"
    SCHOOL = 4, "School"
    EMPLOYER = 5, "Employer/EAP"
    COMMUNITY = 6, "Other community referral"
    CRIMINAL_JUSTICE = 7, "Court/criminal justice/DUI/DWI"


class DischargeReason(models.IntegerChoices):
    """TEDS REASON."""

    COMPLETED = 1, "Treatment completed"
    LEFT_AGAINST_ADVICE = 2, "Dropped out of treatment (left against professional advice)"
    TERMINATED_BY_FACILITY = 3, "Terminated by facility"
    TRANSFERRED = 4, "Transferred to another treatment program or facility"
    INCARCERATED = 5, "Incarcerated"
    DEATH = 6, "Death"
    OTHER = 7, "Other"
