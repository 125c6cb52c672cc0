import time

from openiop.audit.models import AuditEvent
from openiop.conftest import signed_in


def _age_session(client, seconds: int) -> None:
    session = client.session
    session["last_activity"] = time.time() - seconds
    session.save()


def test_a_request_after_15_idle_minutes_signs_out_and_returns_to_the_page(clinician_a, patient_a):
    client = signed_in(clinician_a)
    client.get("/")
    _age_session(client, 16 * 60)
    response = client.get(f"/patients/{patient_a.pk}/?tab=history")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=%2Fpatients%2F{patient_a.pk}%2F%3Ftab%3Dhistory&timeout=1"
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="logout", detail__reason="idle", user_id=clinician_a.pk).exists()


def test_activity_within_the_limit_keeps_the_session(clinician_a):
    client = signed_in(clinician_a)
    client.get("/")
    _age_session(client, 14 * 60)
    assert client.get("/patients/").status_code == 200


def test_an_htmx_request_after_timeout_redirects_the_whole_page(clinician_a):
    client = signed_in(clinician_a)
    client.get("/")
    _age_session(client, 16 * 60)
    response = client.get(
        "/patients/?q=a", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/patients/?q=a"
    )
    assert response["HX-Redirect"] == "/accounts/login/?next=%2Fpatients%2F%3Fq%3Da&timeout=1"


def test_the_timeout_is_a_setting(clinician_a, settings):
    settings.OPENIOP_IDLE_TIMEOUT_MINUTES = 60
    client = signed_in(clinician_a)
    client.get("/")
    _age_session(client, 30 * 60)
    assert client.get("/patients/").status_code == 200
