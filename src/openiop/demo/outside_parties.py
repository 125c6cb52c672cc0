"""Demo outside system: a health plan registered under the TPO consent (42 CFR 2.31(a)(4)), with a demo token
that `openiop demo` prints, that has already taken one adult patient's attendance and diagnoses for payment
through the API."""

import hashlib
import hmac

from django.conf import settings

from openiop.consent.models import Consent, ConsentKind, OutsideParty
from openiop.consent.services import outside_disclosure_make, outside_party_register
from openiop.consent.tokens import token_hash
from openiop.episodes.models import EpisodeStatus

DEMO_PAYER = "Blue Prairie Health Plan"


def demo_api_token() -> str:
    """The demo payer's token on this install: derived from the install's own random SECRET_KEY, so no two
    installs share it and `openiop demo` can print it again (only its hash is stored, as for a real party,
    whose token is random and shown once). The source alone does not give it."""
    digest = hmac.new(settings.SECRET_KEY.encode(), b"openiop-demo:outside-party", hashlib.sha256).hexdigest()
    return f"oiop_{digest[:8]}_demo{digest[8:48]}"


def add_outside_parties(programs, users) -> dict:
    party, _random_token = outside_party_register(
        acting_user=users["paula.privacy"], name=DEMO_PAYER, receives_under_tpo=True, programs=[programs["adult"]]
    )
    token = demo_api_token()
    OutsideParty.objects.filter(pk=party.pk).update(token_prefix=token[5:13], token_hash=token_hash(token))
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
    return OutsideParty.objects.filter(token_hash=token_hash(demo_api_token()), is_active=True).first()


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
