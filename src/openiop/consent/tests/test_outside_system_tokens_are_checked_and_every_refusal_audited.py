"""An outside system is known only by its token: missing, unknown or forged tokens get 401, a deactivated
party 403, each audited as denied; the token opens this one endpoint and nothing else, a staff session does
not open it, and only a hash of the token is ever stored."""

import pytest

from openiop.audit.models import AuditEvent, Outcome
from openiop.consent.models import Disclosure, OutsideParty
from openiop.consent.services import outside_party_deactivate

from .builders import api_client, ask, register, tpo_consent_for


@pytest.fixture
def payer(privacy_officer, program_a, patient_a, clinician_a):
    tpo_consent_for(patient_a, clinician_a)
    return register(privacy_officer, programs=[program_a])


def _denied(reason: str) -> list[AuditEvent]:
    return [
        e
        for e in AuditEvent.objects.filter(object_type="outside_disclosure", outcome=Outcome.DENIED)
        if e.detail["reason"] == reason
    ]


def test_a_request_without_a_token_is_refused_and_audited(payer, patient_a):
    response = ask(api_client(None), patient_a)
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in response.json()["detail"]
    assert len(_denied("no_token")) == 1 and Disclosure.objects.count() == 0


@pytest.mark.parametrize("forge", ["not-a-token", "oiop_zzzzzzzz_secret", "prefix-kept-secret-changed"])
def test_an_unknown_or_forged_token_is_refused_and_audited_without_the_token(payer, patient_a, forge):
    _party, token = payer
    presented = token[:14] + "x" * (len(token) - 14) if forge == "prefix-kept-secret-changed" else forge
    response = ask(api_client(presented), patient_a)
    assert response.status_code == 401 and response.json()["detail"] == "This token is not valid."
    [event] = _denied("bad_token")
    assert event.patient_id is None and presented not in str(event.detail)
    assert Disclosure.objects.count() == 0


def test_a_deactivated_party_is_refused_from_its_next_request(payer, patient_a, privacy_officer):
    party, token = payer
    client = api_client(token)
    assert ask(client, patient_a).status_code == 201
    outside_party_deactivate(acting_user=privacy_officer, party=party)
    response = ask(client, patient_a)
    assert response.status_code == 403 and "deactivated" in response.json()["detail"]
    [event] = _denied("inactive_party")
    assert event.detail["outside_party_id"] == party.pk
    assert Disclosure.objects.count() == 1


def test_the_token_opens_no_staff_endpoint(payer, patient_a):
    client = api_client(payer[1])
    assert client.get("/api/v1/patients/").status_code == 403
    assert client.get(f"/api/v1/patients/{patient_a.pk}/").status_code == 403
    assert client.get(f"/patients/{patient_a.pk}/").status_code == 302  # the web app: sign in


def test_a_staff_session_does_not_open_the_outside_endpoint(payer, patient_a, clinician_a, client_for):
    response = ask(client_for(clinician_a), patient_a)
    assert response.status_code == 401 and Disclosure.objects.count() == 0
    assert len(_denied("no_token")) == 1


def test_only_a_hash_of_the_token_is_stored_and_the_audit_never_holds_it(payer):
    party, token = payer
    stored = OutsideParty.objects.filter(pk=party.pk).values().get()
    assert token not in str(stored) and stored["token_hash"] != token and len(stored["token_hash"]) == 64
    assert token.startswith(f"oiop_{stored['token_prefix']}_")
    assert not any(token in str(event.detail) for event in AuditEvent.objects.all())
