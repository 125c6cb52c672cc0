from openiop.audit.models import AuditEvent
from openiop.conftest import signed_in


def test_a_chart_read_records_who_when_where_and_which_patient(clinician_a, patient_a):
    client = signed_in(clinician_a)
    client.get(f"/patients/{patient_a.pk}/", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="TestBrowser/1.0")
    event = AuditEvent.objects.filter(object_type="chart").latest("sequence")
    assert (event.user_id, event.username, event.role) == (clinician_a.pk, "clinician-a", "clinician")
    assert (event.patient_id, event.action, event.outcome) == (patient_a.pk, "read", "allowed")
    assert (event.source_ip, event.user_agent) == ("10.1.2.3", "TestBrowser/1.0")
    assert event.occurred_at.utcoffset().total_seconds() == 0


def test_audit_rows_carry_no_patient_names(clinician_a, patient_a):
    client = signed_in(clinician_a)
    client.get(f"/patients/{patient_a.pk}/")
    client.get("/patients/", {"q": patient_a.legal_last_name})
    for event in AuditEvent.objects.all():
        assert patient_a.legal_last_name not in str(event.detail)


def test_failed_sign_ins_are_audited_as_denied(db, clinician_a, client):
    client.post("/accounts/login/", {"username": "clinician-a", "password": "wrong"})
    event = AuditEvent.objects.latest("sequence")
    assert (event.action, event.outcome, event.detail["username"]) == ("login_failed", "denied", "clinician-a")
