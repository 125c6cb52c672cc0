"""An outside party's registered system takes a patient's records through the API only through
disclosure_make: under a consent in force that names it (or the TPO consent, for a payer or provider
registered as such) and covers the information and purpose. The answer carries the §2.32 notice, the
consent's scope and the security labels; the release is in the accounting; every refusal is audited and
never tells a system without a consent whether a patient exists."""

import pytest

from openiop.audit.models import AuditEvent, Outcome
from openiop.consent.labels import SUD_LABELS
from openiop.consent.models import Disclosure
from openiop.consent.services import consent_revoke
from openiop.consent.statements import NOTICE_FULL

from .builders import COURT, PAYER, TODAY, api_client, ask, consent_for, pdf_text, register, tpo_consent_for


@pytest.fixture
def payer(privacy_officer, program_a):
    return register(privacy_officer, programs=[program_a])


def _denials(**detail) -> int:
    events = AuditEvent.objects.filter(object_type="outside_disclosure", outcome=Outcome.DENIED)
    return sum(1 for e in events if all(e.detail.get(k) == v for k, v in detail.items()))


def test_a_payer_registered_for_tpo_receives_the_record_with_the_notice_the_scope_and_the_labels(
    payer, patient_a, clinician_a
):
    party, token = payer
    consent = tpo_consent_for(patient_a, clinician_a)
    response = ask(api_client(token), patient_a, information=["attendance", "diagnoses"])
    assert response.status_code == 201 and response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["meta"]["security"] == [
        {"system": label.system, "code": label.code, "display": label.display} for label in SUD_LABELS
    ]
    assert body["notice"] == {"key": NOTICE_FULL.key, "version": NOTICE_FULL.version, "text": NOTICE_FULL.text}
    assert body["consent"]["id"] == consent.pk and body["consent"]["kind"] == "tpo"
    assert "may disclose My treatment records" in body["consent"]["explanation"]
    assert body["consent"]["redisclosure"].startswith("Records disclosed to a HIPAA covered entity")
    assert [s["category"] for s in body["sections"]] == ["attendance", "diagnoses"]
    assert body["disclosure"]["purpose"] == "Payment" and body["disclosure"]["purpose_code"] == "HPAYMT"
    assert body["patient"]["mrn"] == patient_a.mrn
    disclosure = Disclosure.objects.get()
    assert (disclosure.outside_party, disclosure.disclosed_by, disclosure.method) == (party, None, "api")
    assert disclosure.recipient_name == PAYER and disclosure.security_labels == [label.code for label in SUD_LABELS]
    export = AuditEvent.objects.get(action="export", object_type="disclosure")
    assert export.patient_id == patient_a.pk and export.detail["outside_party_id"] == party.pk


def test_the_api_release_is_in_the_accounting_naming_the_party_and_the_method(
    payer, patient_a, clinician_a, client_for
):
    tpo_consent_for(patient_a, clinician_a)
    ask(api_client(payer[1]), patient_a)
    staff = client_for(clinician_a)
    url = f"/patients/{patient_a.pk}/disclosures/"
    screen = staff.get(url).content.decode()
    assert PAYER in screen and "Access by an outside system (API)" in screen
    csv_text = staff.get(url, {"format": "csv"}).content.decode()
    assert f"{PAYER} (its system, through the API)" in csv_text and "Access by an outside system (API)" in csv_text
    pdf = pdf_text(staff.get(url, {"format": "pdf"}).content)
    assert PAYER in pdf and "(API)" in pdf


def test_a_patient_without_a_consent_naming_the_system_looks_the_same_as_one_that_does_not_exist(
    privacy_officer, program_a, program_b, patient_a, patient_b, clinician_a, clinician_b
):
    _party, token = register(
        privacy_officer, name="Lakeside Logistics HR", receives_under_tpo=False, programs=[program_a]
    )
    tpo_consent_for(patient_a, clinician_a)  # a TPO consent: not for an employer
    consent_for(patient_b, clinician_b, recipient_name="Lakeside Logistics HR")  # but patient B is in program B
    client = api_client(token)
    answers = [
        ask(client, patient_a, purpose="Compliance with drug court"),
        ask(client, patient_b, purpose="Compliance with drug court"),
        ask(client, None),
        ask(client, patient_a, date_of_birth="1901-01-01"),
    ]
    assert {r.status_code for r in answers} == {404}
    assert len({r.content for r in answers}) == 1
    assert patient_a.legal_last_name not in answers[0].content.decode()
    assert answers[0].json()["field"] == "patient"
    assert _denials(reason="no_consent") == 1 and _denials(reason="outside_programs") == 1
    assert _denials(reason="unknown_patient") == 2
    assert Disclosure.objects.count() == 0


def test_a_consent_naming_the_system_covers_its_own_purpose_only(privacy_officer, program_a, patient_a, clinician_a):
    _party, token = register(privacy_officer, name=COURT.upper(), receives_under_tpo=False, programs=[program_a])
    consent_for(patient_a, clinician_a)
    client = api_client(token)
    refused = ask(client, patient_a, purpose="Employment check")
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "The consent allows this purpose only: Compliance with drug court.",
        "field": "purpose",
        "allowed": ["Compliance with drug court"],
    }
    assert _denials(reason="purpose") == 1
    allowed = ask(client, patient_a, purpose="compliance with drug court", information=["drug_screens"])
    assert allowed.status_code == 201 and allowed.json()["disclosure"]["recipient"] == COURT.upper()
    assert allowed.json()["disclosure"]["purpose_code"] is None


def test_information_the_consent_does_not_cover_is_refused_naming_it(payer, patient_a, clinician_a):
    tpo_consent_for(patient_a, clinician_a, information=["attendance", "discharge"])
    refused = ask(api_client(payer[1]), patient_a, information=["attendance", "diagnoses"])
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "The consent does not cover: Diagnoses.",
        "field": "information",
        "allowed": ["attendance", "discharge"],
    }
    assert _denials(reason="information") == 1 and Disclosure.objects.count() == 0


def test_a_tpo_request_names_treatment_payment_or_operations(payer, patient_a, clinician_a):
    tpo_consent_for(patient_a, clinician_a)
    refused = ask(api_client(payer[1]), patient_a, purpose="marketing")
    assert refused.status_code == 403
    assert refused.json()["field"] == "purpose"
    assert refused.json()["allowed"] == ["treatment", "payment", "operations"]


def test_a_written_revocation_stops_the_next_api_disclosure(payer, patient_a, clinician_a):
    consent = tpo_consent_for(patient_a, clinician_a)
    client = api_client(payer[1])
    assert ask(client, patient_a).status_code == 201
    consent_revoke(acting_user=clinician_a, consent=consent, revoked_on=TODAY, revocation_text="Stop sharing.")
    refused = ask(client, patient_a)
    assert refused.status_code == 403
    assert refused.json()["field"] == "consent"
    assert refused.json()["detail"] == f"No disclosure: the consent is revoked since {TODAY.isoformat()}."
    assert Disclosure.objects.count() == 1 and _denials(reason="consent") == 1


def test_a_consent_in_force_is_chosen_over_a_revoked_one(payer, patient_a, clinician_a):
    old = consent_for(patient_a, clinician_a, recipient_name=PAYER, purpose="payment", information=["attendance"])
    consent_revoke(acting_user=clinician_a, consent=old, revoked_on=TODAY, revocation_text="Stop.")
    current = tpo_consent_for(patient_a, clinician_a)
    response = ask(api_client(payer[1]), patient_a)
    assert response.status_code == 201 and response.json()["consent"]["id"] == current.pk


@pytest.mark.parametrize(
    ("overrides", "field", "allowed"),
    [
        ({"information": ["attendance", "bogus"]}, "information", "attendance"),
        ({"information": ["counselling_notes"]}, "information", "attendance"),
        ({"information": []}, "information", "attendance"),
        ({"date_of_birth": "12/01/1990"}, "date_of_birth", "YYYY-MM-DD"),
        ({"purpose": ""}, "purpose", "payment"),
    ],
)
def test_a_malformed_request_is_refused_naming_the_field_and_the_allowed_values(
    payer, patient_a, clinician_a, overrides, field, allowed
):
    tpo_consent_for(patient_a, clinician_a)
    refused = ask(api_client(payer[1]), patient_a, **overrides)
    assert refused.status_code == 400
    assert refused.json()["field"] == field and allowed in refused.json()["allowed"]
    assert refused.json()["detail"]
    assert _denials(reason="invalid_request", field=field) == 1 and Disclosure.objects.count() == 0


def test_the_openapi_schema_describes_the_endpoint_and_its_token(privacy_officer, client_for):
    schema = client_for(privacy_officer).get("/api/v1/schema/").content.decode()
    assert "/api/v1/disclosures/" in schema and "outsidePartyToken" in schema
    assert "scheme: bearer" in schema and "DisclosureResponse" in schema


def test_staff_cannot_record_an_api_disclosure_and_a_disclosure_has_exactly_one_discloser(
    payer, patient_a, clinician_a
):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    from openiop.consent.services import disclosure_make

    consent = tpo_consent_for(patient_a, clinician_a)
    with pytest.raises(ValidationError) as refused:
        disclosure_make(
            acting_user=clinician_a, patient=patient_a, consent=consent, information=["attendance"], method="api"
        )
    assert "outside party's own registered system" in refused.value.message_dict["method"][0]
    row = dict(patient=patient_a, consent=consent, disclosed_at=timezone.now(), method="api", notice_key="k")
    for by in ({}, {"disclosed_by": clinician_a, "outside_party": payer[0]}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Disclosure.objects.create(**row, **by)
