"""Emergency access (42 CFR 2.51): refused unless the four required details are recorded; then one patient's
chart opens for a few hours to a clinician outside the patient's program, marked in the audit trail and
listed for the privacy officer's review."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from openiop.audit.models import AuditEvent, Outcome
from openiop.privacy.models import BreakGlassAccess

FOUR = ("receiving_personnel", "receiving_facility", "disclosing_person", "emergency_nature")


def _form(patient, zone="America/New_York", **overrides):
    """The form as the user fills it: the time as their program's clock shows it (both test programs use
    New York time)."""
    data = {
        "mrn": patient.mrn,
        "date_of_birth": patient.date_of_birth.isoformat(),
        "receiving_personnel": "Dr. Ana Ruiz",
        "receiving_facility": "County General ED",
        "disclosing_person": "Casey B",
        "occurred_at": timezone.localtime(timezone=ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M"),
        "emergency_nature": "Unresponsive after suspected overdose; ED needs current medications",
        "attest": "on",
    }
    return {**data, **overrides}


@pytest.fixture
def outsider(clinician_b):
    return clinician_b


def test_an_outsider_gets_not_found_before_any_emergency_access(client_for, outsider, patient_a):
    response = client_for(outsider).get(reverse("patients:chart", args=[patient_a.pk]))
    assert response.status_code == 404
    assert patient_a.legal_last_name not in response.content.decode()


@pytest.mark.parametrize("field", FOUR)
def test_each_of_the_four_fields_is_required_and_nothing_is_saved(client_for, outsider, patient_a, field):
    client = client_for(outsider)
    response = client.post(reverse("privacy:break_glass"), _form(patient_a, **{field: "  "}))
    assert response.status_code == 200
    assert BreakGlassAccess.objects.count() == 0
    assert f'id="id_{field}-error"' in response.content.decode()
    assert client.get(reverse("patients:chart", args=[patient_a.pk])).status_code == 404


def test_a_wrong_date_of_birth_finds_no_one_and_reveals_nothing(client_for, outsider, patient_a):
    response = client_for(outsider).post(reverse("privacy:break_glass"), _form(patient_a, date_of_birth="1900-01-01"))
    html = response.content.decode()
    assert "No patient has this MRN and date of birth" in html and patient_a.legal_last_name not in html
    assert BreakGlassAccess.objects.count() == 0


def test_the_attestation_is_required(client_for, outsider, patient_a):
    form = _form(patient_a)
    del form["attest"]
    client_for(outsider).post(reverse("privacy:break_glass"), form)
    assert BreakGlassAccess.objects.count() == 0


def test_with_the_four_fields_the_chart_opens_and_every_read_is_marked(client_for, outsider, patient_a):
    client = client_for(outsider)
    response = client.post(reverse("privacy:break_glass"), _form(patient_a))
    assert response.status_code == 302 and response["Location"] == reverse("patients:chart", args=[patient_a.pk])
    grant = BreakGlassAccess.objects.get()
    assert (grant.user, grant.patient, grant.receiving_facility) == (outsider, patient_a, "County General ED")
    assert abs(grant.expires_at - grant.created_at - timedelta(hours=4)) < timedelta(seconds=5)

    chart = client.get(reverse("patients:chart", args=[patient_a.pk]))
    assert chart.status_code == 200
    html = chart.content.decode()
    assert "Alma" in html and "Emergency access" in html
    assert client.get(reverse("measures:chart", args=[patient_a.pk])).status_code == 200

    opened = AuditEvent.objects.get(action="break_glass")
    assert opened.patient_id == patient_a.pk and opened.user_id == outsider.pk
    reads = AuditEvent.objects.filter(patient_id=patient_a.pk, user_id=outsider.pk, action="read")
    assert reads.exists() and all(event.detail.get("break_glass") == grant.pk for event in reads)


def test_access_ends_when_the_grant_expires(client_for, outsider, patient_a):
    client = client_for(outsider)
    client.post(reverse("privacy:break_glass"), _form(patient_a))
    assert client.get(reverse("patients:chart", args=[patient_a.pk])).status_code == 200
    # Four hours later (moved in the data: the 15-minute idle logoff would end the session first).
    BreakGlassAccess.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(reverse("patients:chart", args=[patient_a.pk])).status_code == 404
    denied = AuditEvent.objects.filter(outcome=Outcome.DENIED, patient_id=patient_a.pk, user_id=outsider.pk)
    assert denied.exists()


def test_the_grant_opens_only_that_patient(client_for, outsider, patient_a, make_patient, program_a, clinician_a):
    other = make_patient(program_a, acting_user=clinician_a)[0]
    client = client_for(outsider)
    client.post(reverse("privacy:break_glass"), _form(patient_a))
    assert client.get(reverse("patients:chart", args=[other.pk])).status_code == 404


def test_billing_cannot_use_emergency_access(client_for, billing_a, patient_a):
    response = client_for(billing_a).post(reverse("privacy:break_glass"), _form(patient_a))
    assert response.status_code == 403 and BreakGlassAccess.objects.count() == 0


def test_the_privacy_officer_sees_it_and_must_record_a_review(client_for, outsider, patient_a, privacy_officer):
    client_for(outsider).post(reverse("privacy:break_glass"), _form(patient_a))
    grant = BreakGlassAccess.objects.get()
    officer = client_for(privacy_officer)
    dashboard = officer.get(reverse("privacy:dashboard")).content.decode()
    assert patient_a.mrn in dashboard and "County General ED" in dashboard

    refused = officer.post(reverse("privacy:review", args=[grant.pk]), {"note": " "})
    assert refused.status_code == 200
    grant.refresh_from_db()
    assert grant.reviewed_at is None

    officer.post(reverse("privacy:review", args=[grant.pk]), {"note": "Appropriate: ED called about an overdose."})
    grant.refresh_from_db()
    assert grant.reviewed_by == privacy_officer and grant.review_note.startswith("Appropriate")


def test_the_audit_report_marks_emergency_access(client_for, outsider, patient_a, privacy_officer):
    client = client_for(outsider)
    client.post(reverse("privacy:break_glass"), _form(patient_a))
    client.get(reverse("patients:chart", args=[patient_a.pk]))
    report = client_for(privacy_officer).get(reverse("audit:report")).content.decode()
    assert 'class="break-glass"' in report and "Emergency access" in report


@pytest.mark.parametrize("persona", ["clinician_a", "director_a", "billing_a"])
def test_only_the_privacy_officer_reviews(request, client_for, persona):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse("privacy:dashboard")).status_code == 403
