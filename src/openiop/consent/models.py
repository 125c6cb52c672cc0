"""Part 2 consents (every element of 42 CFR 2.31) and the disclosures made under them (§2.32, §2.25)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from openiop.core.models import TimeStampedModel


class ConsentKind(models.TextChoices):
    TPO = "tpo", "Treatment, payment and health care operations (single consent)"
    SPECIFIC = "specific", "Specific disclosure (e.g. court, employer, family member)"
    COUNSELLING_NOTES = "counselling_notes", "SUD counselling notes"


class InformationCategory(models.TextChoices):
    ATTENDANCE = "attendance", "Attendance and participation"
    DIAGNOSES = "diagnoses", "Diagnoses"
    TREATMENT_PLAN = "treatment_plan", "Treatment plan and progress toward goals"
    MEDICATIONS = "medications", "Medications, including medication-assisted treatment"
    DRUG_SCREENS = "drug_screens", "Drug and alcohol screen results"
    MEASURES = "measures", "Questionnaire scores (e.g. PHQ-9)"
    DISCHARGE = "discharge", "Admission and discharge dates and discharge summary"
    COUNSELLING_NOTES = "counselling_notes", "SUD counselling notes"


class ExpiryKind(models.TextChoices):
    DATE = "date", "On a date"
    EVENT = "event", "On an event or condition"
    END_OF_TREATMENT = "end_of_treatment", "At the end of treatment"
    NONE = "none", "None (TPO consent only)"


class SignerRelationship(models.TextChoices):
    PATIENT = "patient", "The patient"
    PARENT_GUARDIAN = "parent_guardian", "Parent or guardian of a minor"
    LEGAL_REPRESENTATIVE = "legal_representative", "Legal representative (patient lacks capacity)"
    PERSONAL_REPRESENTATIVE = "personal_representative", "Personal representative of a deceased patient"


class SignatureMethod(models.TextChoices):
    ON_SCREEN = "on_screen", "Typed on screen"
    UPLOADED = "uploaded", "Signed paper form, uploaded"


class Consent(TimeStampedModel):
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="consents")
    # The program that recorded it: its staff read it (privacy.policy.records_q, decision 0009).
    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+", null=True)
    kind = models.CharField(max_length=30, choices=ConsentKind.choices)
    # §2.31(a)(2): who may make the disclosure.
    disclosing_party = models.CharField(max_length=300)
    # §2.31(a)(3): what, in a specific and meaningful fashion.
    information = models.JSONField(default=list, help_text="InformationCategory values")
    information_detail = models.TextField(help_text="The information described in the patient's terms")
    # §2.31(a)(4): recipients by name or class.
    recipient_name = models.CharField(max_length=300)
    recipient_is_covered_entity = models.BooleanField(
        default=False, help_text="A HIPAA covered entity or business associate receiving the record for TPO"
    )
    purpose = models.CharField(max_length=300)
    expiry_kind = models.CharField(max_length=20, choices=ExpiryKind.choices)
    expires_on = models.DateField(null=True, blank=True)
    expiry_event = models.CharField(max_length=300, blank=True)
    signed_by_name = models.CharField(max_length=200)
    signer_relationship = models.CharField(max_length=30, choices=SignerRelationship.choices)
    signed_on = models.DateField()
    signature_method = models.CharField(max_length=20, choices=SignatureMethod.choices)
    signed_ip = models.CharField(max_length=45, blank=True)
    document = models.BinaryField(null=True, blank=True, editable=False)
    document_name = models.CharField(max_length=200, blank=True)
    document_type = models.CharField(max_length=60, blank=True)
    # The wording shown when it was signed (statements.py versions).
    statement_versions = models.JSONField(default=dict)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_on = models.DateField(null=True, blank=True)
    revocation_text = models.TextField(blank=True, help_text="The patient's written revocation, as received")
    revocation_document = models.BinaryField(null=True, blank=True, editable=False)
    revocation_document_name = models.CharField(max_length=200, blank=True)
    revocation_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["-signed_on", "-pk"]

    def __str__(self) -> str:
        return f"Consent {self.pk} ({self.get_kind_display()})"

    def status_on(self, day: date, *, treatment_ended_on: date | None = None) -> str:
        """ "active", "revoked", "expired" or "not yet signed" on ``day``. End-of-treatment consents expire the
        day after the patient's last discharge (``treatment_ended_on``, None while in treatment)."""
        if self.revoked_on is not None and self.revoked_on <= day:
            return "revoked"
        if self.signed_on > day:
            return "not yet signed"
        if self.expiry_kind == ExpiryKind.DATE and self.expires_on is not None and self.expires_on < day:
            return "expired"
        if self.expiry_kind == ExpiryKind.END_OF_TREATMENT and treatment_ended_on and treatment_ended_on < day:
            return "expired"
        return "active"


class TpoPurpose(models.TextChoices):
    """The purposes a TPO consent covers (§2.31(a)(6)), with their HL7 v3-ActReason codes (§6.2)."""

    TREATMENT = "treatment", "Treatment"
    PAYMENT = "payment", "Payment"
    OPERATIONS = "operations", "Health care operations"


TPO_PURPOSE_REASON_CODES = {
    TpoPurpose.TREATMENT: "TREAT",
    TpoPurpose.PAYMENT: "HPAYMT",
    TpoPurpose.OPERATIONS: "HOPERAT",
}


class OutsideParty(TimeStampedModel):
    """An outside organisation's system registered by the privacy officer to receive records through the API.

    It receives a record only under a consent in force that names it (``name`` matches the consent's
    recipient) or, when it is registered as a TPO recipient, under the patient's TPO consent. The token is
    shown once at registration; only its SHA-256 is stored, found by its public prefix.
    """

    name = models.CharField(max_length=300, help_text="The organisation's name, as consents name the recipient")
    receives_under_tpo = models.BooleanField(
        default=False, help_text="A treating provider, health plan or payer that may receive under a TPO consent"
    )
    programs = models.ManyToManyField("programs.Program", related_name="+")
    token_prefix = models.CharField(max_length=8, unique=True)
    token_hash = models.CharField(max_length=64)
    is_active = models.BooleanField(default=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    deactivated_at = models.DateTimeField(null=True, blank=True)
    deactivated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["-is_active", Lower("name"), "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), condition=models.Q(is_active=True), name="outside_party_active_name_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Outside party {self.pk}"


class DisclosureMethod(models.TextChoices):
    PRINTED = "printed", "Printed record handed or mailed"
    PDF = "pdf", "PDF record sent"
    EXPORT = "export", "Data export"
    API = "api", "Access by an outside system (API)"


class Disclosure(models.Model):
    """One release of a patient's records outside the program. Append-only: the accounting reads it."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="disclosures")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="disclosures")
    disclosed_at = models.DateTimeField()
    # Staff release records (printed, PDF, export); an outside party's system takes them itself (API).
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    outside_party = models.ForeignKey(
        OutsideParty, on_delete=models.PROTECT, related_name="disclosures", null=True, blank=True
    )
    recipient_name = models.CharField(max_length=300)
    purpose = models.CharField(max_length=300)
    information = models.JSONField(default=list)
    method = models.CharField(max_length=20, choices=DisclosureMethod.choices)
    notice_key = models.CharField(max_length=40)
    notice_version = models.CharField(max_length=20)
    security_labels = models.JSONField(default=list)

    class Meta:
        ordering = ["-disclosed_at", "-pk"]
        indexes = [models.Index(fields=["patient", "disclosed_at"], name="disclosure_patient_time_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(disclosed_by__isnull=False, outside_party__isnull=True)
                | models.Q(disclosed_by__isnull=True, outside_party__isnull=False),
                name="disclosure_by_staff_or_outside_party",
            )
        ]

    def __str__(self) -> str:
        return f"Disclosure {self.pk}"

    @property
    def disclosed_by_label(self) -> str:
        """Who made the release, for the accounting: a staff member, or the outside party's own system."""
        if self.outside_party_id:
            return f"{self.outside_party.name} (its system, through the API)"
        return self.disclosed_by.display_name
