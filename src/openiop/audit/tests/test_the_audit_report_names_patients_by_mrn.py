"""The audit report and its CSV name the patient by MRN (the number the privacy officer is asked about), not
the database id; the MRN filter finds a patient's events in any program."""

import csv
import io

from django.urls import reverse

from openiop.audit.views import CSV_COLUMNS


def test_the_report_shows_the_mrn_and_not_the_internal_id(client_for, privacy_officer, clinician_b, patient_b):
    assert client_for(clinician_b).get(reverse("patients:chart", args=[patient_b.pk])).status_code == 200
    response = client_for(privacy_officer).get(reverse("audit:report"), {"mrn": patient_b.mrn})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Patient MRN" in html and "Patient id" not in html
    rows = [event for event in response.context["page"]]
    assert rows and all(event.patient_mrn == patient_b.mrn for event in rows)
    # The patient column (after user and role) holds the MRN.
    assert f"<td>clinician-b</td>\n      <td>clinician</td><td>{patient_b.mrn}</td>" in html


def test_the_csv_carries_the_mrn_beside_the_hashed_id(client_for, privacy_officer, clinician_b, patient_b):
    client_for(clinician_b).get(reverse("patients:chart", args=[patient_b.pk]))
    response = client_for(privacy_officer).get(reverse("audit:report_csv"), {"mrn": patient_b.mrn})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert tuple(rows[0]) == CSV_COLUMNS and "patient_mrn" in CSV_COLUMNS and "patient_id" in CSV_COLUMNS
    events = [dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]]
    assert events and {e["patient_mrn"] for e in events} == {patient_b.mrn}


def test_events_about_no_patient_show_no_mrn(client_for, privacy_officer):
    client = client_for(privacy_officer)
    client.get(reverse("privacy:dashboard"))
    rows = list(client.get(reverse("audit:report")).context["page"])
    assert rows and all(event.patient_mrn is None for event in rows if event.patient_id is None)


def test_the_report_can_be_sorted_by_mrn(client_for, privacy_officer, clinician_a, clinician_b, patient_a, patient_b):
    client_for(clinician_a).get(reverse("patients:chart", args=[patient_a.pk]))
    client_for(clinician_b).get(reverse("patients:chart", args=[patient_b.pk]))
    rows = list(client_for(privacy_officer).get(reverse("audit:report"), {"sort": "patient_mrn"}).context["page"])
    mrns = [event.patient_mrn for event in rows if event.patient_mrn]
    assert mrns == sorted(mrns) and len(set(mrns)) == 2
