"""Likely duplicate patients: the same person registered twice. Matching is tolerant of case, accents,
punctuation and first/last names swapped; a phone number (its last ten digits) or an e-mail address in common
also counts. Used before a patient is saved (patients.services.patient_register) and by the merge page."""

import re
import unicodedata
from difflib import SequenceMatcher

from django.db.models import Q

from .models import Patient

# Names at least this similar (difflib ratio, 0-1) with the same date of birth count as a likely duplicate
# (the same threshold as the intake pipeline's possible duplicates).
SIMILAR_NAME_RATIO = 0.75
MAX_CANDIDATES = 50


def normalize_name(value: str) -> str:
    """'  José-María  ' -> 'jose maria': accents dropped, lower case, letters and single spaces only."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def phone_key(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    return digits[-10:] if len(digits) >= 7 else ""


def names_match(first_a: str, last_a: str, first_b: str, last_b: str) -> bool:
    """The same name, or the same with first and last swapped, or a close spelling of either."""
    first_a, last_a, first_b, last_b = map(normalize_name, (first_a, last_a, first_b, last_b))
    if not (first_a or last_a) or not (first_b or last_b):
        return False
    if (first_a, last_a) in ((first_b, last_b), (last_b, first_b)):
        return True
    a = f"{first_a} {last_a}".strip()
    return any(
        SequenceMatcher(None, a, b).ratio() >= SIMILAR_NAME_RATIO
        for b in (f"{first_b} {last_b}".strip(), f"{last_b} {first_b}".strip())
    )


def match_reasons(patient: Patient, *, first_name: str, last_name: str, date_of_birth, phone: str, email: str):
    reasons = []
    if date_of_birth and patient.date_of_birth == date_of_birth:
        legal = names_match(first_name, last_name, patient.legal_first_name, patient.legal_last_name)
        preferred = patient.preferred_name and names_match(
            first_name, last_name, patient.preferred_name, patient.legal_last_name
        )
        if legal or preferred:
            reasons.append("same date of birth and a similar name")
    if phone_key(phone) and phone_key(patient.phone) == phone_key(phone):
        reasons.append("same phone")
    if email and patient.email and patient.email.strip().lower() == email.strip().lower():
        reasons.append("same email")
    return reasons


def likely_duplicates(
    *,
    first_name: str = "",
    last_name: str = "",
    date_of_birth=None,
    phone: str = "",
    email: str = "",
    queryset=None,
    exclude_ids=(),
) -> list[tuple[Patient, list[str]]]:
    """Patients (of ``queryset``, default all that are not merged away) who may be this person, each with why.
    One query: the database narrows by date of birth, e-mail or the phone's last four digits; the names and
    full numbers are compared here."""
    base = Patient.objects.all() if queryset is None else queryset
    match = Q(pk__in=[])
    if date_of_birth:
        match |= Q(date_of_birth=date_of_birth)
    if email and email.strip():
        match |= Q(email__iexact=email.strip())
    key = phone_key(phone)
    if key:
        match |= Q(phone__contains=key[-4:])
    candidates = base.filter(match, merged_into__isnull=True).exclude(pk__in=list(exclude_ids))
    found = []
    for patient in candidates.order_by("legal_last_name", "legal_first_name", "id")[: MAX_CANDIDATES * 4]:
        reasons = match_reasons(
            patient, first_name=first_name, last_name=last_name, date_of_birth=date_of_birth, phone=phone, email=email
        )
        if reasons:
            found.append((patient, reasons))
    return found[:MAX_CANDIDATES]
