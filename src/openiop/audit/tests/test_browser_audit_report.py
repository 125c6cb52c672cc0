"""The privacy officer finds who opened a patient's chart, who was refused, and exports it as CSV."""

import csv
import io

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.audit.views import CSV_COLUMNS
from openiop.conftest import browser_login

pytestmark = pytest.mark.browser

COLUMNS = ("sequence", "time", "user", "role", "patient", "object", "action", "outcome", "source")


def _table(page) -> list[dict[str, str]]:
    rows = page.locator("main table tbody tr")
    return [dict(zip(COLUMNS, row.locator("td").all_inner_texts(), strict=True)) for row in rows.all()]


def test_the_privacy_officer_filters_by_mrn_sorts_and_exports_the_chart_reads_and_refusals(
    live_app, page, privacy_officer, clinician_a, clinician_b, patient_a, patient_b, client_for
):
    assert client_for(clinician_a).get(f"/patients/{patient_a.pk}/").status_code == 200
    assert client_for(clinician_b).get(f"/patients/{patient_a.pk}/").status_code == 404
    TOTPDevice.objects.create(user=privacy_officer, name="phone", confirmed=True)

    browser_login(page, live_app, privacy_officer)
    page.wait_for_selector("h1:has-text('Audit report')")
    page.fill("#id_mrn", patient_a.mrn)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**mrn={patient_a.mrn}**")

    events = _table(page)
    assert events, "no events for the patient"
    assert {e["patient"] for e in events} == {patient_a.mrn}
    read = [e for e in events if e["user"] == "clinician-a" and e["object"] == "chart overview"]
    assert [(e["action"], e["outcome"], e["role"]) for e in read] == [("Read", "Allowed", "clinician")]
    denied = [e for e in events if e["outcome"] == "Denied"]
    assert [(e["user"], e["object"], e["action"]) for e in denied] == [
        ("clinician-b", f"patient {patient_a.pk}", "Read")
    ]
    assert page.locator("main table tbody tr.denied").count() == 1
    assert f"{len(events)} events." in page.locator("main").inner_text()
    assert [int(e["sequence"]) for e in events] == sorted((int(e["sequence"]) for e in events), reverse=True)

    page.click("main th >> text=User")
    page.wait_for_url("**sort=username**")
    users = [e["user"] for e in _table(page)]
    assert users == sorted(users)
    assert users.index("clinician-a") < users.index("clinician-b")
    assert page.locator("#id_mrn").input_value() == patient_a.mrn, "sorting dropped the MRN filter"
    page.click("main th >> text=User")
    page.wait_for_url("**sort=-username**")
    assert [e["user"] for e in _table(page)] == sorted(users, reverse=True)

    with page.expect_download() as download_info:
        page.click("main a:has-text('Export CSV')")
    download = download_info.value
    assert download.suggested_filename == "audit-report.csv"
    with open(download.path(), newline="", encoding="utf-8") as exported:
        rows = list(csv.reader(io.StringIO(exported.read())))
    assert tuple(rows[0]) == CSV_COLUMNS
    exported_events = [dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]]
    assert len(exported_events) == len(events)
    assert {e["patient_id"] for e in exported_events} == {str(patient_a.pk)}
    assert {e["patient_mrn"] for e in exported_events} == {patient_a.mrn}
    assert any(
        (e["username"], e["object_type"], e["object_id"], e["action"], e["outcome"])
        == ("clinician-a", "chart", "overview", "read", "allowed")
        for e in exported_events
    )
    assert any(
        (e["username"], e["object_type"], e["action"], e["outcome"]) == ("clinician-b", "patient", "read", "denied")
        for e in exported_events
    )
    assert [e["username"] for e in exported_events] == sorted(users, reverse=True), "the CSV ignores the sort"
