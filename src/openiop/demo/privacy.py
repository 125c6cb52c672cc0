"""Demo privacy: one record restricted to named staff, and one emergency access waiting for review."""

from datetime import timedelta

from django.utils import timezone

from openiop.consent.services import TPO_PURPOSE, TPO_RECIPIENTS, consent_record, consent_revoke, disclosure_make
from openiop.core.timezones import local_today
from openiop.episodes.models import EpisodeStatus
from openiop.privacy.models import BreakGlassAccess
from openiop.privacy.services import break_glass_open, patient_restrict


def add_privacy(programs, users) -> dict:
    adult = list(programs["adult"].episodes.filter(status=EpisodeStatus.ACTIVE).select_related("patient"))
    staff_patient = adult[-1].patient
    patient_restrict(
        acting_user=users["paula.privacy"],
        patient=staff_patient,
        allowed_users=[users["dana.director"], users["maya.therapist"]],
        reason="The patient works at the clinic",
    )
    # The adolescent program's counselor, who has no access to the adult program, answered an emergency
    # department's call about an adult patient.
    emergency_patient = adult[0].patient
    grant = break_glass_open(
        acting_user=users["jordan.counselor"],
        mrn=emergency_patient.mrn,
        date_of_birth=emergency_patient.date_of_birth,
        receiving_personnel="Dr. Ana Ruiz",
        receiving_facility="Riverside Hospital emergency department",
        disclosing_person=users["jordan.counselor"].display_name,
        occurred_at=timezone.now() - timedelta(hours=2),
        emergency_nature="Brought in unresponsive; the ED asked for current medications and MAT dose",
    )
    BreakGlassAccess.objects.filter(pk=grant.pk).update(expires_at=timezone.now() + timedelta(hours=2))
    return {"restricted records": 1, "emergency access to review": 1, **_consents(programs, users, adult[:-1])}


def _consents(programs, users, episodes) -> dict:
    """TPO consents for adult patients; a drug-court consent used once; one revoked; one expiring soon."""
    today = local_today(programs["adult"].time_zone)
    clinician = users["carlos.counselor"]
    party = f"{programs['adult'].organization.name} — {programs['adult'].name}"
    common = dict(disclosing_party=party, signer_relationship="patient", signature_method="on_screen")
    for episode in episodes:
        consent_record(
            acting_user=users["ivy.intake"],
            patient=episode.patient,
            kind="tpo",
            information=["attendance", "diagnoses", "treatment_plan", "medications", "drug_screens", "discharge"],
            information_detail="My treatment records at this program, except SUD counselling notes",
            recipient_name=TPO_RECIPIENTS,
            recipient_is_covered_entity=True,
            purpose=TPO_PURPOSE,
            expiry_kind="end_of_treatment",
            expires_on=None,
            expiry_event="",
            signed_by_name=episode.patient.legal_name,
            signed_on=episode.admitted_on,
            **common,
        )
    court, employer = episodes[1].patient, episodes[2].patient
    specific = dict(
        kind="specific",
        information=["attendance", "drug_screens"],
        information_detail="My attendance and drug-screen results",
        recipient_is_covered_entity=False,
        expiry_event="",
        **common,
    )
    court_consent = consent_record(
        acting_user=clinician,
        patient=court,
        recipient_name="Judge Maria Lopez, County Drug Court",
        purpose="Compliance with drug court",
        expiry_kind="date",
        expires_on=today + timedelta(days=20),
        signed_by_name=court.legal_name,
        signed_on=today - timedelta(days=10),
        **specific,
    )
    disclosure_make(
        acting_user=clinician, patient=court, consent=court_consent, information=["attendance"], method="pdf"
    )
    employer_consent = consent_record(
        acting_user=clinician,
        patient=employer,
        recipient_name="Lakeside Logistics HR (employee assistance program)",
        purpose="Return-to-work clearance",
        expiry_kind="event",
        expires_on=None,
        signed_by_name=employer.legal_name,
        signed_on=today - timedelta(days=12),
        **{**specific, "expiry_event": "Return to full duty"},
    )
    consent_revoke(
        acting_user=clinician,
        consent=employer_consent,
        revoked_on=today - timedelta(days=2),
        revocation_text="I no longer want my employer to receive anything from the program. (signed letter)",
    )
    return {"consents": len(episodes) + 2, "disclosures": 1}
