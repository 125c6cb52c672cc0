"""Records leave the program only through disclosure_make: refused without a consent in force that covers the
information and purpose, allowed with one (the PDF carries the §2.32 notice, the consent and the labels), and
every release appears in the patient's accounting of disclosures; a written revocation stops the next one."""

import subprocess
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from openiop.audit.models import AuditEvent
from openiop.consent.models import Consent, Disclosure
from openiop.consent.services import consent_record, consent_revoke, disclosure_make
from openiop.core.timezones import local_today
from openiop.episodes.services import episode_discharge

TODAY = local_today("America/New_York")  # the test programs' zone: consents are dated in local days


def _consent(patient, user, **overrides) -> Consent:
    fields = {
        "kind": "specific",
        "disclosing_party": "Test program",
        "information": ["attendance", "drug_screens"],
        "information_detail": "My attendance and drug-screen results since admission",
        "recipient_name": "Judge Maria Lopez, County Drug Court",
        "recipient_is_covered_entity": False,
        "purpose": "Compliance with drug court",
        "expiry_kind": "date",
        "expires_on": TODAY + timedelta(days=180),
        "expiry_event": "",
        "signed_by_name": "Alma Quinlan",
        "signer_relationship": "patient",
        "signed_on": TODAY,
        "signature_method": "on_screen",
    }
    return consent_record(acting_user=user, patient=patient, **{**fields, **overrides})


REQUIRED = ["disclosing_party", "recipient_name", "purpose", "signed_by_name", "information_detail"]


@pytest.mark.parametrize("field", REQUIRED)
def test_a_consent_missing_a_required_element_is_refused_and_nothing_saved(patient_a, clinician_a, field):
    with pytest.raises(ValidationError) as refused:
        _consent(patient_a, clinician_a, **{field: " "})
    assert field in refused.value.message_dict and Consent.objects.count() == 0


def test_counselling_notes_need_their_own_consent(patient_a, clinician_a):
    with pytest.raises(ValidationError) as refused:
        _consent(patient_a, clinician_a, information=["attendance", "counselling_notes"])
    assert "separate consent" in refused.value.message_dict["information"][0]


def test_only_a_tpo_consent_may_have_no_expiry(patient_a, clinician_a):
    with pytest.raises(ValidationError) as refused:
        _consent(patient_a, clinician_a, expiry_kind="none")
    assert "expiry_kind" in refused.value.message_dict


def test_an_uploaded_signature_needs_the_file(patient_a, clinician_a):
    with pytest.raises(ValidationError) as refused:
        _consent(patient_a, clinician_a, signature_method="uploaded")
    assert "document" in refused.value.message_dict


def test_a_disclosure_with_a_consent_in_force_is_logged_with_the_notice_and_labels(patient_a, clinician_a):
    consent = _consent(patient_a, clinician_a)
    disclosure = disclosure_make(
        acting_user=clinician_a, patient=patient_a, consent=consent, information=["attendance"], method="pdf"
    )
    assert disclosure.recipient_name == "Judge Maria Lopez, County Drug Court"
    assert disclosure.notice_key == "notice_2_32_full" and disclosure.security_labels == [
        "42CFRPart2",
        "R",
        "ETH",
        "NORDSCLCD",
    ]
    assert AuditEvent.objects.filter(action="export", object_type="disclosure", patient_id=patient_a.pk).exists()


def test_information_the_consent_does_not_cover_is_refused(patient_a, clinician_a):
    consent = _consent(patient_a, clinician_a)
    with pytest.raises(ValidationError) as refused:
        disclosure_make(
            acting_user=clinician_a, patient=patient_a, consent=consent, information=["diagnoses"], method="pdf"
        )
    assert "does not cover: Diagnoses" in refused.value.message_dict["information"][0]
    assert Disclosure.objects.count() == 0


def test_another_purpose_is_refused_for_a_specific_consent(patient_a, clinician_a):
    consent = _consent(patient_a, clinician_a)
    with pytest.raises(ValidationError):
        disclosure_make(
            acting_user=clinician_a,
            patient=patient_a,
            consent=consent,
            information=["attendance"],
            method="pdf",
            purpose="Employment check",
        )
    assert Disclosure.objects.count() == 0


def test_a_revocation_in_writing_stops_the_next_disclosure(patient_a, clinician_a):
    consent = _consent(patient_a, clinician_a)
    disclosure_make(
        acting_user=clinician_a, patient=patient_a, consent=consent, information=["attendance"], method="pdf"
    )
    with pytest.raises(ValidationError):
        consent_revoke(acting_user=clinician_a, consent=consent, revoked_on=TODAY, revocation_text="")
    consent_revoke(acting_user=clinician_a, consent=consent, revoked_on=TODAY, revocation_text="I revoke my consent.")
    with pytest.raises(ValidationError) as refused:
        disclosure_make(
            acting_user=clinician_a, patient=patient_a, consent=consent, information=["attendance"], method="pdf"
        )
    assert "revoked" in refused.value.message_dict["consent"][0]
    assert Disclosure.objects.count() == 1


def test_an_expired_consent_discloses_nothing(patient_a, clinician_a):
    consent = _consent(patient_a, clinician_a, signed_on=TODAY - timedelta(days=30), expires_on=TODAY - timedelta(1))
    with pytest.raises(ValidationError) as refused:
        disclosure_make(
            acting_user=clinician_a, patient=patient_a, consent=consent, information=["attendance"], method="pdf"
        )
    assert "expired" in refused.value.message_dict["consent"][0]


def test_an_end_of_treatment_consent_ends_after_discharge(patient_a, clinician_a):
    consent = _consent(patient_a, clinician_a, expiry_kind="end_of_treatment", expires_on=None)
    episode = patient_a.episodes.get()
    episode_discharge(acting_user=clinician_a, episode=episode, discharged_on=TODAY - timedelta(days=1), reason=1)
    with pytest.raises(ValidationError):
        disclosure_make(
            acting_user=clinician_a, patient=patient_a, consent=consent, information=["attendance"], method="pdf"
        )


def test_releasing_in_the_browser_returns_the_packet_and_fills_the_accounting(client_for, patient_a, clinician_a):
    consent = _consent(patient_a, clinician_a)
    client = client_for(clinician_a)
    response = client.post(
        reverse("consent:release", args=[patient_a.pk, consent.pk]),
        {"information": ["attendance", "drug_screens"], "method": "pdf"},
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout
    text = text.decode()
    assert "42 CFR part 2" in text and "Judge Maria Lopez" in text and "42CFRPart2" in text

    accounting = client.get(reverse("consent:accounting", args=[patient_a.pk])).content.decode()
    assert "Judge Maria Lopez, County Drug Court" in accounting
    csv_text = client.get(reverse("consent:accounting", args=[patient_a.pk]), {"format": "csv"}).content.decode()
    assert "Compliance with drug court" in csv_text and "attendance; drug_screens" in csv_text
    pdf = client.get(reverse("consent:accounting", args=[patient_a.pk]), {"format": "pdf"}).content
    assert pdf.startswith(b"%PDF")


def test_a_refused_release_says_why_and_sends_nothing(client_for, patient_a, clinician_a):
    consent = _consent(patient_a, clinician_a)
    consent_revoke(acting_user=clinician_a, consent=consent, revoked_on=TODAY, revocation_text="Stop sharing.")
    response = client_for(clinician_a).post(
        reverse("consent:release", args=[patient_a.pk, consent.pk]), {"information": ["attendance"], "method": "pdf"}
    )
    assert response.status_code == 200 and "the consent is revoked" in response.content.decode()
    assert Disclosure.objects.count() == 0


def test_the_accounting_covers_three_years(patient_a, clinician_a):
    from openiop.consent.selectors import accounting

    consent = _consent(patient_a, clinician_a, signed_on=date(2022, 1, 3), expires_on=TODAY + timedelta(days=30))
    old = disclosure_make(
        acting_user=clinician_a, patient=patient_a, consent=consent, information=["attendance"], method="pdf"
    )
    recent = disclosure_make(
        acting_user=clinician_a, patient=patient_a, consent=consent, information=["attendance"], method="pdf"
    )
    Disclosure.objects.filter(pk=old.pk).update(disclosed_at=timezone.now() - timedelta(days=365 * 3 + 10))
    assert accounting(patient=patient_a) == [recent]


@pytest.mark.parametrize(
    ("persona", "status"), [("billing_a", 403), ("front_desk_a", 403), ("clinician_b", 404), ("clinician_a", 200)]
)
def test_the_consents_tab_is_for_clinical_staff_of_the_patient_s_program(
    request, client_for, patient_a, persona, status
):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(reverse("consent:chart", args=[patient_a.pk]))
    assert response.status_code == status
    if status != 200:
        assert "Quinlan" not in response.content.decode()


def test_the_consent_form_records_every_element(client_for, patient_a, clinician_a):
    response = client_for(clinician_a).post(
        reverse("consent:new", args=[patient_a.pk]),
        {
            "kind": "tpo",
            "disclosing_party": "Test program",
            "information": ["attendance", "diagnoses", "medications"],
            "information_detail": "My attendance, diagnoses and medications",
            "recipient_name": "My treating providers, health plans, third-party payers",
            "recipient_is_covered_entity": "on",
            "purpose": "Treatment, payment and health care operations",
            "expiry_kind": "end_of_treatment",
            "signed_by_name": "Alma Quinlan",
            "signer_relationship": "patient",
            "signed_on": TODAY.isoformat(),
            "signature_method": "on_screen",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.statement_versions == {
        "revocation": "2024-1",
        "refusal_consequences": "2024-1",
        "redisclosure_tpo": "2024-1",
    }


def test_the_privacy_officer_sees_consents_expiring_and_this_month_s_disclosures(
    client_for, patient_a, clinician_a, privacy_officer
):
    consent = _consent(patient_a, clinician_a, expires_on=TODAY + timedelta(days=12))
    disclosure_make(
        acting_user=clinician_a, patient=patient_a, consent=consent, information=["attendance"], method="pdf"
    )
    html = client_for(privacy_officer).get(reverse("privacy:dashboard")).content.decode()
    expiring = html.split('id="expiring-h"')[1].split("</section>")[0]
    disclosed = html.split('id="disclosed-h"')[1].split("</section>")[0]
    assert patient_a.mrn in expiring and (TODAY + timedelta(days=12)).isoformat() in expiring
    assert "Judge Maria Lopez" in disclosed and "Compliance with drug court" in disclosed


def test_the_consents_tab_takes_as_many_queries_for_twelve_consents_as_for_two(
    client_for, patient_a, clinician_a, django_assert_num_queries
):
    from openiop.conftest import count_queries

    client = client_for(clinician_a)
    url = reverse("consent:chart", args=[patient_a.pk])
    for _ in range(2):
        _consent(patient_a, clinician_a)
    small = count_queries(client, url)
    for _ in range(10):
        _consent(patient_a, clinician_a)
    with django_assert_num_queries(small):
        response = client.get(url)
    assert response.content.decode().count('data-testid="consent-') == 12
