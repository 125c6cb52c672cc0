"""Shared helpers: a consent with every §2.31 element, a registered outside party, an API request, PDF text."""

import subprocess
from datetime import timedelta

from django.test import Client

from openiop.consent.models import Consent
from openiop.consent.services import TPO_PURPOSE, TPO_RECIPIENTS, consent_record, outside_party_register
from openiop.core.timezones import local_today

TODAY = local_today("America/New_York")  # the test programs' zone: consents are dated in local days
COURT = "Judge Maria Lopez, County Drug Court"
PAYER = "Blue Prairie Health Plan"


def consent_for(patient, user, **overrides) -> Consent:
    """A specific consent for the drug court (attendance and drug screens) unless overridden."""
    fields = {
        "kind": "specific",
        "disclosing_party": "Test program",
        "information": ["attendance", "drug_screens"],
        "information_detail": "My attendance and drug-screen results since admission",
        "recipient_name": COURT,
        "recipient_is_covered_entity": False,
        "purpose": "Compliance with drug court",
        "expiry_kind": "date",
        "expires_on": TODAY + timedelta(days=180),
        "expiry_event": "",
        "signed_by_name": patient.legal_name,
        "signer_relationship": "patient",
        "signed_on": TODAY,
        "signature_method": "on_screen",
    }
    return consent_record(acting_user=user, patient=patient, **{**fields, **overrides})


def tpo_consent_for(patient, user, **overrides) -> Consent:
    fields = {
        "kind": "tpo",
        "information": ["attendance", "diagnoses", "treatment_plan", "medications", "drug_screens", "discharge"],
        "information_detail": "My treatment records at this program, except SUD counselling notes",
        "recipient_name": TPO_RECIPIENTS,
        "recipient_is_covered_entity": True,
        "purpose": TPO_PURPOSE,
        "expiry_kind": "end_of_treatment",
        "expires_on": None,
    }
    return consent_for(patient, user, **{**fields, **overrides})


def register(officer, *, name: str = PAYER, receives_under_tpo: bool = True, programs=()):
    """(party, token) registered by ``officer`` for ``programs``."""
    return outside_party_register(
        acting_user=officer, name=name, receives_under_tpo=receives_under_tpo, programs=list(programs)
    )


def api_client(token: str | None) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}") if token else Client()


def ask(client: Client, patient=None, **overrides):
    """POST /api/v1/disclosures/ for ``patient`` (attendance, for payment, unless overridden)."""
    body = {
        "mrn": patient.mrn if patient else "M00000000",
        "date_of_birth": patient.date_of_birth.isoformat() if patient else "1990-01-01",
        "purpose": "payment",
        "information": ["attendance"],
        **overrides,
    }
    return client.post("/api/v1/disclosures/", body, content_type="application/json")


def pdf_text(content: bytes) -> str:
    """The PDF's words in the order they were drawn (-raw), so a wrapped table cell stays together."""
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True).stdout
    return " ".join(text.decode().split())
