"""Demo outside system: a health plan registered under the TPO consent (42 CFR 2.31(a)(4)), with a fixed demo
token like the demo passwords, that has already taken one adult patient's attendance and diagnoses for
payment through the API."""

import hashlib

from openiop.consent.models import Consent, ConsentKind, OutsideParty
from openiop.consent.services import outside_disclosure_make, outside_party_register
from openiop.consent.tokens import token_hash
from openiop.episodes.models import EpisodeStatus

DEMO_PAYER = "Blue Prairie Health Plan"
_seed = hashlib.sha256(b"openiop-demo:outside-party").hexdigest()
# Fixed so the README's curl works on every demo database; a real registration's token is random.
DEMO_API_TOKEN = f"oiop_{_seed[:8]}_demo{_seed[8:40]}"


def add_outside_parties(programs, users) -> dict:
    party, _random_token = outside_party_register(
        acting_user=users["paula.privacy"], name=DEMO_PAYER, receives_under_tpo=True, programs=[programs["adult"]]
    )
    OutsideParty.objects.filter(pk=party.pk).update(token_prefix=_seed[:8], token_hash=token_hash(DEMO_API_TOKEN))
    patient = example_patient(party)
    outside_disclosure_make(
        outside_party=party,
        mrn=patient.mrn,
        date_of_birth=patient.date_of_birth,
        information=["attendance", "diagnoses"],
        purpose="payment",
    )
    return {"outside systems": 1, "API disclosures": 1}


def demo_payer() -> OutsideParty | None:
    """The demo payer while it still holds the demo token and is active."""
    return OutsideParty.objects.filter(token_hash=token_hash(DEMO_API_TOKEN), is_active=True).first()


def example_patient(party: OutsideParty):
    """A patient in treatment in the party's programs whose TPO consent is in force: the payer may ask."""
    consent = (
        Consent.objects.filter(
            kind=ConsentKind.TPO,
            revoked_on__isnull=True,
            patient__episodes__program__in=party.programs.all(),
            patient__episodes__status=EpisodeStatus.ACTIVE,
        )
        .select_related("patient")
        .order_by("pk")
        .first()
    )
    return consent.patient if consent else None
