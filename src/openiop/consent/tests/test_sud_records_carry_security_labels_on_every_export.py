"""Every export of a record with SUD information carries the Part 2 security labels, formatted in one place
(consent.labels): the staff API (meta.security Codings), the treatment-plan and discharge-summary PDFs, the
release packet and the accounting of disclosures (a line on every PDF page and atop the CSV). A patient of a
mental-health program only gets none. The audit CSV holds no patient data, so it carries none."""

import csv
import io

import pytest
from django.urls import reverse

from openiop.accounts.roles import Role
from openiop.consent.labels import SUD_LABELS, label_line
from openiop.consent.services import disclosure_make
from openiop.continuity.tests.builders import drafted_summary, treated_and_discharged
from openiop.plans.tests.builders import complete_plan
from openiop.programs.models import ClinicalFocus, Population, Program

from .builders import consent_for, pdf_text

LINE = "Restricted: 42 CFR Part 2 record — security labels 42CFRPart2, R, ETH, NORDSCLCD"
CODINGS = [
    {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "42CFRPart2", "display": "42 CFR Part 2"},
    {"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "R", "display": "restricted"},
    {
        "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
        "code": "ETH",
        "display": "substance abuse information sensitivity",
    },
    {
        "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
        "code": "NORDSCLCD",
        "display": "no redisclosure without consent directive",
    },
]


@pytest.fixture
def mental_health(organization, make_user, make_patient):
    """A mental-health program with its clinician, director and one active patient."""
    program = Program.objects.create(
        organization=organization,
        name="Mental Health IOP",
        short_name="MH IOP",
        population=Population.ADULT,
        clinical_focus=ClinicalFocus.MENTAL_HEALTH,
        level_of_care_edition="asam3",
        level_of_care_code="2.1",
        time_zone="America/New_York",
    )
    program.tracks.create(name="MH evening", time_of_day="evening")
    clinician = make_user(Role.CLINICIAN, [program], username="clinician-mh")
    director = make_user(Role.DIRECTOR, [program], username="director-mh")
    patient, _episode = make_patient(program, acting_user=clinician, legal_last_name="Moreau")
    return patient, clinician, director


@pytest.fixture(params=["sud", "mental_health"])
def case(request, patient_a, clinician_a, director_a):
    """(patient, clinician, director, expected line) for a SUD patient and a mental-health one."""
    if request.param == "sud":
        return patient_a, clinician_a, director_a, LINE
    patient, clinician, director = request.getfixturevalue("mental_health")
    return patient, clinician, director, ""


def test_the_line_and_the_codings_come_from_one_place():
    assert label_line(SUD_LABELS) == LINE and label_line(()) == ""
    assert [label.as_coding() for label in SUD_LABELS] == CODINGS


def test_the_staff_api_labels_the_patient_in_detail_and_list(case, client_for):
    patient, clinician, _director, line = case
    client = client_for(clinician)
    expected = CODINGS if line else []
    assert client.get(f"/api/v1/patients/{patient.pk}/").json()["meta"] == {"security": expected}
    [row] = client.get("/api/v1/patients/").json()["results"]
    assert row["meta"] == {"security": expected}


def test_the_treatment_plan_pdf_prints_the_line(case, client_for):
    patient, clinician, _director, line = case
    plan = complete_plan(patient.episodes.get(), acting_user=clinician)
    text = pdf_text(client_for(clinician).get(reverse("plans:pdf", args=[patient.pk, plan.pk])).content)
    assert "My treatment plan" in text
    assert (LINE in text) == bool(line) and ("42CFRPart2" in text) == bool(line)


def test_the_discharge_summary_pdf_prints_the_line(case, client_for):
    patient, clinician, director, line = case
    episode, _plan = treated_and_discharged(patient.episodes.get(), clinician=clinician, director=director)
    summary = drafted_summary(episode, clinician=clinician)
    response = client_for(clinician).get(reverse("continuity:summary_pdf", args=[patient.pk, summary.pk]))
    text = pdf_text(response.content)
    assert "Discharge summary and aftercare plan" in text
    assert (LINE in text) == bool(line) and ("42CFRPart2" in text) == bool(line)


def test_the_accounting_csv_and_pdf_carry_the_line(case, client_for):
    patient, clinician, _director, line = case
    consent = consent_for(patient, clinician)
    disclosure_make(acting_user=clinician, patient=patient, consent=consent, information=["attendance"], method="pdf")
    client = client_for(clinician)
    url = reverse("consent:accounting", args=[patient.pk])
    rows = list(csv.reader(io.StringIO(client.get(url, {"format": "csv"}).content.decode())))
    header = ["date", "recipient", "purpose", "information", "method", "consent", "disclosed by", "labels"]
    assert rows[:2] == [[LINE], header] if line else rows[0] == header
    text = pdf_text(client.get(url, {"format": "pdf"}).content)
    assert "Accounting of disclosures" in text and (LINE in text) == bool(line)
    assert LINE not in client.get(url).content.decode()  # the screen is not an export


def test_the_release_packet_prints_the_line_on_every_page(case, client_for):
    patient, clinician, _director, line = case
    consent = consent_for(patient, clinician)
    response = client_for(clinician).post(
        reverse("consent:release", args=[patient.pk, consent.pk]), {"information": ["attendance"], "method": "pdf"}
    )
    text = pdf_text(response.content)
    assert "Notice to the recipient" in text and (LINE in text) == bool(line)


def test_the_audit_csv_names_patients_by_mrn_only_and_as_an_internal_record_carries_no_labels(
    client_for, privacy_officer, patient_a, clinician_a
):
    """The privacy officer's export is an internal record of access, not a disclosure (42 CFR 2.32 notices go
    with disclosures): it names the patient by MRN, the number the privacy officer is asked about (item
    12.11), and by no name or birth date."""
    client_for(clinician_a).get(f"/patients/{patient_a.pk}/")
    response = client_for(privacy_officer).get(reverse("audit:report_csv"))
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "sequence" and any(row[5] == str(patient_a.pk) for row in rows[1:])
    assert rows[0][6] == "patient_mrn" and any(row[6] == patient_a.mrn for row in rows[1:])
    for secret in (patient_a.legal_last_name, patient_a.date_of_birth.isoformat(), "42CFRPart2"):
        assert secret not in body
