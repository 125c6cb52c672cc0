"""Choice lists for discharge, aftercare and essential-services referrals."""

from django.db import models


class SummaryStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed · locked"


class SupportGroup(models.TextChoices):
    """Mutual-help groups offered in the aftercare plan; anything else goes in the free-text field."""

    AA = "aa", "Alcoholics Anonymous (AA)"
    NA = "na", "Narcotics Anonymous (NA)"
    SMART = "smart", "SMART Recovery"
    REFUGE = "refuge", "Refuge Recovery"
    AL_ANON = "al_anon", "Al-Anon / Alateen (family)"
    NAR_ANON = "nar_anon", "Nar-Anon (family)"
    ALUMNI = "alumni", "Program alumni group"


class ReferralCategory(models.TextChoices):
    HOUSING = "housing", "Housing"
    EMPLOYMENT = "employment", "Employment"
    LEGAL = "legal", "Legal help"
    TRANSPORTATION = "transportation", "Transportation"
    LIFE_SKILLS = "life_skills", "Life skills"
    EDUCATION = "education", "Education"
    BENEFITS = "benefits", "Benefits"
    OTHER = "other", "Other"


class ReferralStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    REFERRED = "referred", "Referred"
    CONNECTED = "connected", "Connected"
    DECLINED = "declined", "Declined"
    CLOSED = "closed", "Closed"


# status -> the statuses a referral may move on to (suggested → referred → connected; declined/closed end it)
REFERRAL_TRANSITIONS = {
    ReferralStatus.SUGGESTED: (ReferralStatus.REFERRED, ReferralStatus.DECLINED, ReferralStatus.CLOSED),
    ReferralStatus.REFERRED: (ReferralStatus.CONNECTED, ReferralStatus.DECLINED, ReferralStatus.CLOSED),
    ReferralStatus.CONNECTED: (ReferralStatus.CLOSED,),
    ReferralStatus.DECLINED: (),
    ReferralStatus.CLOSED: (),
}
# The date field each status stamps.
REFERRAL_DATE_FIELD = {
    ReferralStatus.SUGGESTED: "suggested_on",
    ReferralStatus.REFERRED: "referred_on",
    ReferralStatus.CONNECTED: "connected_on",
    ReferralStatus.DECLINED: "closed_on",
    ReferralStatus.CLOSED: "closed_on",
}


class EmploymentStatus(models.TextChoices):
    """TEDS EMPLOY categories (clinical-standards.md §5.1), in words a patient understands."""

    FULL_TIME = "full_time", "Working full time (35+ hours a week)"
    PART_TIME = "part_time", "Working part time"
    UNEMPLOYED = "unemployed", "Not working, looking for work"
    NOT_IN_LABOR_FORCE = "not_in_labor_force", "Not working and not looking (student, retired, disabled, homemaker)"


class PatientSignatureMethod(models.TextChoices):
    TYPED = "typed", "Typed signature"
    DRAWN = "drawn", "Drawn signature"
    SCAN = "scan", "Signed paper copy, scanned"
