"""A patient's medication list, MAT orders and the clinic's MAT administration/dispensing log.

Nothing here is deleted: a stopped medication or order keeps its stop date and reason, and one entered
in error is marked so (with the reason) and stays visible in the history.
"""

from django.conf import settings
from django.db import models

from openiop.core.models import TimeStampedModel

from .mat import CATALOGUE, INDICATIONS


class Route(models.TextChoices):
    ORAL = "oral", "Oral"
    SUBLINGUAL = "sublingual", "Sublingual"
    BUCCAL = "buccal", "Buccal"
    IM_INJECTION = "im_injection", "Intramuscular injection"
    SUBCUTANEOUS_INJECTION = "subcutaneous_injection", "Subcutaneous injection"
    IV = "iv", "Intravenous"
    TRANSDERMAL = "transdermal", "Transdermal"
    OTHER = "other", "Other"


INJECTION_ROUTES = frozenset({Route.IM_INJECTION, Route.SUBCUTANEOUS_INJECTION, Route.IV})
ROUTE_ABBREVIATIONS = {
    Route.ORAL: "PO",
    Route.SUBLINGUAL: "SL",
    Route.BUCCAL: "buccal",
    Route.IM_INJECTION: "IM",
    Route.SUBCUTANEOUS_INJECTION: "SC",
    Route.IV: "IV",
    Route.TRANSDERMAL: "TD",
    Route.OTHER: "",
}


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    BID = "bid", "Twice a day (BID)"
    TID = "tid", "Three times a day (TID)"
    QID = "qid", "Four times a day (QID)"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"
    PRN = "prn", "As needed (PRN)"
    ONCE = "once", "Once"


class DoseUnit(models.TextChoices):
    MG = "mg", "mg"
    MCG = "mcg", "mcg"
    G = "g", "g"
    ML = "mL", "mL"
    UNITS = "units", "units"
    TABLET = "tablet", "tablet(s)"
    CAPSULE = "capsule", "capsule(s)"
    PATCH = "patch", "patch(es)"
    PUFF = "puff", "puff(s)"


class MedicationSource(models.TextChoices):
    PRESCRIBED_HERE = "prescribed_here", "Prescribed here"
    OUTSIDE_PRESCRIBER = "outside_prescriber", "Outside prescriber"
    PATIENT_REPORTED = "patient_reported", "Patient-reported at intake"


class MedicationStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    STOPPED = "stopped", "Stopped"
    ENTERED_IN_ERROR = "entered_in_error", "Entered in error"


class Medication(TimeStampedModel):
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="medications")
    episode = models.ForeignKey(
        "episodes.Episode", on_delete=models.PROTECT, related_name="medications", null=True, blank=True
    )
    name = models.CharField(max_length=120)
    dose_amount = models.DecimalField(max_digits=10, decimal_places=3)
    dose_unit = models.CharField(max_length=10, choices=DoseUnit.choices)
    route = models.CharField(max_length=30, choices=Route.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    frequency_detail = models.CharField(max_length=120, blank=True, help_text="e.g. at bedtime")
    source = models.CharField(max_length=30, choices=MedicationSource.choices)
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    outside_prescriber_name = models.CharField(max_length=120, blank=True)
    started_on = models.DateField()
    status = models.CharField(max_length=20, choices=MedicationStatus.choices, default=MedicationStatus.ACTIVE)
    stopped_on = models.DateField(null=True, blank=True)
    stop_reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["status", "-started_on", "-pk"]
        indexes = [models.Index(fields=["patient", "status"], name="medication_patient_status_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    @property
    def dose_label(self) -> str:
        return f"{self.dose_amount.normalize():f} {self.dose_unit}"

    @property
    def prescriber_label(self) -> str:
        return self.prescriber.display_name if self.prescriber else self.outside_prescriber_name


class Indication(models.TextChoices):
    OUD = "oud", INDICATIONS["oud"]
    AUD = "aud", INDICATIONS["aud"]


class MatOrderStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    STOPPED = "stopped", "Stopped"


class MatOrder(TimeStampedModel):
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="mat_orders")
    episode = models.ForeignKey("episodes.Episode", on_delete=models.PROTECT, related_name="mat_orders")
    medication = models.CharField(max_length=40, choices=[(m.code, m.name) for m in CATALOGUE.values()])
    dose_amount = models.DecimalField(max_digits=10, decimal_places=3)
    dose_unit = models.CharField(max_length=10, choices=DoseUnit.choices)
    route = models.CharField(max_length=30, choices=Route.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    indication = models.CharField(max_length=3, choices=Indication.choices)
    prescriber = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    # Methadone for OUD is dispensed by an opioid treatment program (OTP).
    otp_name = models.CharField(max_length=120, blank=True, verbose_name="opioid treatment program")
    dispensing_schedule = models.CharField(max_length=120, blank=True)
    take_homes_allowed = models.BooleanField(null=True, blank=True)
    take_home_doses = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=MatOrderStatus.choices, default=MatOrderStatus.ACTIVE)
    stopped_on = models.DateField(null=True, blank=True)
    stop_reason = models.CharField(max_length=300, blank=True)
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["status", "-started_on", "-pk"]
        indexes = [models.Index(fields=["patient", "status"], name="matorder_patient_status_idx")]

    def __str__(self) -> str:
        return f"MAT order {self.pk} ({self.get_status_display()})"

    @property
    def catalogue_entry(self):
        return CATALOGUE[self.medication]

    @property
    def dose_label(self) -> str:
        return f"{self.dose_amount.normalize():f} {self.dose_unit}"

    @property
    def summary(self) -> str:
        """E.g. "buprenorphine-naloxone 16 mg SL daily"."""
        route = ROUTE_ABBREVIATIONS.get(self.route) or self.get_route_display()
        return f"{self.catalogue_entry.name} {self.dose_label} {route} {self.frequency}"


class AdministrationOutcome(models.TextChoices):
    GIVEN = "given", "Given"
    MISSED = "missed", "Missed"
    REFUSED = "refused", "Refused"


class MatAdministration(TimeStampedModel):
    """One dose given (or missed, or refused) in the clinic under an order."""

    order = models.ForeignKey(MatOrder, on_delete=models.PROTECT, related_name="administrations")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="mat_administrations")
    given_at = models.DateTimeField()
    outcome = models.CharField(max_length=10, choices=AdministrationOutcome.choices)
    dose_amount = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True)
    dose_unit = models.CharField(max_length=10, choices=DoseUnit.choices, blank=True)
    route = models.CharField(max_length=30, choices=Route.choices, blank=True)
    lot_number = models.CharField(max_length=60, blank=True)
    injection_site = models.CharField(max_length=60, blank=True)
    observed = models.BooleanField(default=True)
    dose_difference_reason = models.CharField(max_length=300, blank=True)
    not_given_reason = models.CharField(max_length=300, blank=True)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-given_at", "-pk"]
        indexes = [models.Index(fields=["patient", "-given_at"], name="matadmin_patient_given_idx")]

    def __str__(self) -> str:
        return f"MAT administration {self.pk} ({self.get_outcome_display()})"

    @property
    def dose_label(self) -> str:
        return f"{self.dose_amount.normalize():f} {self.dose_unit}" if self.dose_amount is not None else ""


class AllergySeverity(models.TextChoices):
    """Severity of the reaction, as FHIR AllergyIntolerance.reaction.severity (mild | moderate | severe), plus
    "unknown" for a reaction whose severity nobody knows."""

    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"
    UNKNOWN = "unknown", "Severity unknown"


class AllergyStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ENTERED_IN_ERROR = "entered_in_error", "Entered in error"
    SUPERSEDED = "superseded", "Replaced by a recorded allergy"


class Allergy(TimeStampedModel):
    """An allergy or intolerance (allergen, reaction, severity), or — with ``no_known_allergies`` — the explicit
    statement that the patient has none, which is not the same as nothing recorded. Never deleted: an entry in
    error is marked so, and "no known allergies" is superseded when an allergy is recorded."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="allergies")
    no_known_allergies = models.BooleanField(default=False)
    allergen = models.CharField(max_length=120, blank=True)
    reaction = models.CharField(max_length=200, blank=True)
    severity = models.CharField(max_length=10, choices=AllergySeverity.choices, blank=True)
    status = models.CharField(max_length=20, choices=AllergyStatus.choices, default=AllergyStatus.ACTIVE)
    status_reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["status", "allergen", "pk"]
        indexes = [models.Index(fields=["patient", "status"], name="allergy_patient_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(no_known_allergies=True, allergen="")
                | (models.Q(no_known_allergies=False) & ~models.Q(allergen="")),
                name="allergy_names_an_allergen_or_says_none",
            )
        ]

    def __str__(self) -> str:
        return f"Allergy {self.pk} ({self.get_status_display()})"

    @property
    def label(self) -> str:
        """E.g. "penicillin (hives, moderate)"; "No known allergies" for that entry."""
        if self.no_known_allergies:
            return "No known allergies"
        details = [self.reaction.lower()] if self.reaction else []
        if self.severity:
            details.append(self.get_severity_display().lower())
        return f"{self.allergen} ({', '.join(details)})" if details else self.allergen
