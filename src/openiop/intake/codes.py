"""Code lists for intake: SAMHSA TEDS admission fields (public-use TEDS-A codebook, clinical-standards.md §5.1
[C]) and the intake pipeline's own choices. Referral source (PSOURCE) lives in ``episodes.codes``.

State submission files use state-manual codes that differ in places (e.g. finer frequency of use); these are
the public-use codes and must be mapped explicitly for a state file [U].
"""

from django.db import models


class Substance(models.IntegerChoices):
    """TEDS SUB1/SUB2/SUB3 (the SUB1 list is used for all three; §5.1 caveat)."""

    NONE = 1, "None"
    ALCOHOL = 2, "Alcohol"
    COCAINE = 3, "Cocaine/crack"
    MARIJUANA = 4, "Marijuana/hashish"
    HEROIN = 5, "Heroin"
    NON_RX_METHADONE = 6, "Non-prescription methadone"
    OTHER_OPIATES = 7, "Other opiates and synthetics"
    PCP = 8, "PCP"
    HALLUCINOGENS = 9, "Hallucinogens"
    METHAMPHETAMINE = 10, "Methamphetamine/speed"
    OTHER_AMPHETAMINES = 11, "Other amphetamines"
    OTHER_STIMULANTS = 12, "Other stimulants"
    BENZODIAZEPINES = 13, "Benzodiazepines"
    OTHER_TRANQUILIZERS = 14, "Other tranquilizers"
    BARBITURATES = 15, "Barbiturates"
    OTHER_SEDATIVES = 16, "Other sedatives or hypnotics"
    INHALANTS = 17, "Inhalants"
    OTC = 18, "Over-the-counter medications"
    OTHER = 19, "Other drugs"


class Route(models.IntegerChoices):
    """TEDS ROUTE1-3."""

    ORAL = 1, "Oral"
    SMOKING = 2, "Smoking"
    INHALATION = 3, "Inhalation"
    INJECTION = 4, "Injection (IV, IM, intradermal or subcutaneous)"
    OTHER = 5, "Other"


class Frequency(models.IntegerChoices):
    """TEDS FREQ1-3, public-use recode."""

    NO_USE_PAST_MONTH = 1, "No use in the past month"
    SOME_USE = 2, "Some use"
    DAILY = 3, "Daily use"


class AgeAtFirstUse(models.IntegerChoices):
    """TEDS FRSTUSE1-3."""

    UP_TO_11 = 1, "11 or under"
    AGE_12_14 = 2, "12-14"
    AGE_15_17 = 3, "15-17"
    AGE_18_20 = 4, "18-20"
    AGE_21_24 = 5, "21-24"
    AGE_25_29 = 6, "25-29"
    AGE_30_UP = 7, "30 or older"


class Employment(models.IntegerChoices):
    """TEDS EMPLOY."""

    FULL_TIME = 1, "Full-time"
    PART_TIME = 2, "Part-time"
    UNEMPLOYED = 3, "Unemployed"
    NOT_IN_LABOR_FORCE = 4, "Not in labor force"


class Education(models.IntegerChoices):
    """TEDS EDUC."""

    GRADE_8_OR_LESS = 1, "Grade 8 or less"
    GRADES_9_11 = 2, "Grades 9-11"
    GRADE_12_GED = 3, "Grade 12 or GED"
    COLLEGE_1_3 = 4, "1-3 years of college"
    COLLEGE_4_PLUS = 5, "4 years of college or more"


class LivingArrangement(models.IntegerChoices):
    """TEDS LIVARAG."""

    HOMELESS = 1, "Homeless"
    DEPENDENT = 2, "Dependent living"
    INDEPENDENT = 3, "Independent living"


class PriorEpisodes(models.IntegerChoices):
    """TEDS NOPRIOR."""

    NONE = 0, "None"
    ONE = 1, "One"
    TWO = 2, "Two"
    THREE = 3, "Three"
    FOUR = 4, "Four"
    FIVE_OR_MORE = 5, "Five or more"


class PlannedMedicationAssistedTherapy(models.IntegerChoices):
    """TEDS METHUSE: planned medication-assisted opioid therapy."""

    YES = 1, "Yes"
    NO = 2, "No"


class Caller(models.TextChoices):
    SELF = "self", "The person themselves"
    FAMILY = "family", "Family member or friend"
    PROVIDER = "provider", "Health care provider"
    COURT = "court", "Court or probation"
    EMPLOYER = "employer", "Employer"
    SCHOOL = "school", "School"
    OTHER = "other", "Other"


class Concern(models.TextChoices):
    SUBSTANCE_USE = "substance_use", "Substance use"
    MENTAL_HEALTH = "mental_health", "Mental health"
    EATING_DISORDER = "eating_disorder", "Eating disorder"
    TRAUMA = "trauma", "Trauma"
    CO_OCCURRING = "co_occurring", "Co-occurring (substance use and mental health)"


class PreferredTimes(models.TextChoices):
    MORNING = "morning", "Morning"
    EVENING = "evening", "Evening"
    EITHER = "either", "Either"


class Channel(models.TextChoices):
    WEB = "web", "Web form"
    PHONE = "phone", "Phone call"


def allowed(choices) -> str:
    """'1 Oral, 2 Smoking, ...': the allowed values, for error messages."""
    return ", ".join(f"{value} {label}" for value, label in choices.choices)
