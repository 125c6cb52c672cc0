"""The privacy officer does the job across the organization: finds a patient by name, reads the Consents tab
(and a signed form), the accounting of disclosures (screen and CSV), and nothing clinical — no notes, no
measures answers, no diagnoses, plans, medications or screens, no chart overview — on any patient."""

import pytest
from django.urls import reverse

from openiop.audit.models import AuditEvent, Outcome
from openiop.consent.services import disclosure_make
from openiop.consent.tests.builders import COURT, consent_for
from openiop.measures.services import measure_record
from openiop.privacy.services import patient_restrict

CLINICAL_PAGES = [
    "patients:chart",
    "notes:chart",
    "measures:chart",
    "diagnoses:chart",
    "plans:chart",
    "medications:chart",
    "screens:chart",
    "intake:chart",
    "continuity:chart",
    "schedule:chart",
]


@pytest.fixture
def disclosed(patient_b, clinician_b):
    """Patient B (program B — no program of the officer's) with a consent and one release under it."""
    consent = consent_for(patient_b, clinician_b)
    disclosure_make(
        acting_user=clinician_b, patient=patient_b, consent=consent, information=["attendance"], method="pdf"
    )
    return consent


def test_the_privacy_officer_finds_a_patient_of_any_program_by_name(client_for, privacy_officer, patient_a, patient_b):
    client = client_for(privacy_officer)
    response = client.get(reverse("privacy:patients"), {"q": patient_b.legal_last_name})
    assert response.status_code == 200
    html = response.content.decode()
    assert patient_b.mrn in html and patient_a.mrn not in html
    assert reverse("consent:chart", args=[patient_b.pk]) in html
    assert reverse("consent:accounting", args=[patient_b.pk]) in html
    assert f"{reverse('audit:report')}?mrn={patient_b.mrn}" in html
    search = AuditEvent.objects.filter(user_id=privacy_officer.pk, object_type="patient_search").get()
    assert search.detail["patient_ids"] == [patient_b.pk]


def test_the_search_lists_no_one_until_asked(client_for, privacy_officer, patient_a):
    html = client_for(privacy_officer).get(reverse("privacy:patients")).content.decode()
    assert patient_a.mrn not in html


def test_the_dashboard_links_to_the_search(client_for, privacy_officer):
    assert reverse("privacy:patients") in client_for(privacy_officer).get(reverse("privacy:dashboard")).content.decode()


def test_other_roles_cannot_use_the_privacy_search(client_for, clinician_a, patient_a):
    assert client_for(clinician_a).get(reverse("privacy:patients"), {"q": patient_a.mrn}).status_code == 403


def test_the_privacy_officer_reads_the_consents_tab_and_the_signed_form(
    client_for, privacy_officer, patient_b, disclosed
):
    client = client_for(privacy_officer)
    response = client.get(reverse("consent:chart", args=[patient_b.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert COURT in html and patient_b.mrn in html
    # Only the tabs the role reads: no link the officer would be refused.
    assert reverse("consent:accounting", args=[patient_b.pk]) in html
    for name in CLINICAL_PAGES:
        assert f'href="{reverse(name, args=[patient_b.pk])}"' not in html, name
    assert reverse("consent:release", args=[patient_b.pk, disclosed.pk]) not in html


def test_the_privacy_officer_reads_the_accounting_of_disclosures(client_for, privacy_officer, patient_b, disclosed):
    client = client_for(privacy_officer)
    response = client.get(reverse("consent:accounting", args=[patient_b.pk]))
    assert response.status_code == 200
    assert COURT in response.content.decode()
    csv = client.get(reverse("consent:accounting", args=[patient_b.pk]), {"format": "csv"})
    assert csv.status_code == 200 and COURT in csv.content.decode()
    assert (
        AuditEvent.objects.filter(
            user_id=privacy_officer.pk, object_type="disclosure_accounting", patient_id=patient_b.pk
        ).count()
        == 2
    )


def test_the_privacy_officer_reads_a_restricted_records_consents(
    client_for, privacy_officer, director_b, patient_b, disclosed
):
    patient_restrict(acting_user=privacy_officer, patient=patient_b, allowed_users=[director_b], reason="Staff")
    client = client_for(privacy_officer)
    assert client.get(reverse("consent:accounting", args=[patient_b.pk])).status_code == 200
    assert patient_b.mrn in client.get(reverse("privacy:patients"), {"q": patient_b.mrn}).content.decode()


def test_the_privacy_officer_reads_nothing_clinical(client_for, privacy_officer, clinician_b, patient_b):
    measure_record(
        acting_user=clinician_b,
        patient=patient_b,
        episode=patient_b.episodes.get(),
        instrument="PHQ-9",
        answers=[1, 1, 1, 1, 0, 0, 0, 0, 1],  # item 9 above 0 opens a safety alert
    )
    client = client_for(privacy_officer)
    for name in CLINICAL_PAGES:
        before = AuditEvent.objects.filter(user_id=privacy_officer.pk, outcome=Outcome.DENIED).count()
        response = client.get(reverse(name, args=[patient_b.pk]))
        assert response.status_code == 403, name
        assert AuditEvent.objects.filter(user_id=privacy_officer.pk, outcome=Outcome.DENIED).count() == before + 1
    html = client.get(reverse("consent:chart", args=[patient_b.pk])).content.decode()
    assert "PHQ-9" not in html and "safety alert" not in html.lower()


def test_the_privacy_officer_still_sees_no_patient_list_and_makes_no_disclosure(
    client_for, privacy_officer, patient_b, disclosed
):
    client = client_for(privacy_officer)
    assert client.get(reverse("patients:list")).status_code == 403
    assert client.get(reverse("consent:release", args=[patient_b.pk, disclosed.pk])).status_code == 403
    assert client.get(reverse("consent:new", args=[patient_b.pk])).status_code == 403
