"""The privacy dashboard's denied attempts: refusals of patient data in one list, refused sign-ins and
second-factor codes in another, each with its reason — a rejected re-used code says so instead of a blank."""

from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.audit.models import AuditEvent, Outcome
from openiop.conftest import TEST_PASSWORD, totp_now
from openiop.privacy.selectors import denied_attempts


def _signed_in_with_password(user) -> Client:
    client = Client()
    assert (
        client.post(reverse("accounts:login"), {"username": user.username, "password": TEST_PASSWORD}).status_code
        == 302
    )
    return client


def test_a_reused_login_code_is_refused_with_its_reason(clinician_a):
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    code = totp_now(clinician_a)
    assert _signed_in_with_password(clinician_a).post(reverse("accounts:mfa"), {"token": code}).status_code == 302
    again = _signed_in_with_password(clinician_a)
    assert again.post(reverse("accounts:mfa"), {"token": code}).status_code == 200
    refusal = AuditEvent.objects.filter(action="mfa", outcome=Outcome.DENIED).get()
    assert refusal.detail["reason"] == "reused_code"


def test_a_wrong_login_code_and_a_wrong_password_give_their_reasons(clinician_a):
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    wrong = "000000" if totp_now(clinician_a) != "000000" else "111111"
    _signed_in_with_password(clinician_a).post(reverse("accounts:mfa"), {"token": wrong})
    assert AuditEvent.objects.get(action="mfa", outcome=Outcome.DENIED).detail["reason"] == "wrong_code"
    Client().post(reverse("accounts:login"), {"username": clinician_a.username, "password": "not it"})
    assert AuditEvent.objects.get(action="login_failed").detail["reason"] == "wrong_password"


def test_the_dashboard_shows_patient_data_refusals_apart_from_sign_in_refusals(
    client_for, privacy_officer, clinician_a, clinician_b, patient_a
):
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    for _ in range(3):
        _signed_in_with_password(clinician_a).post(reverse("accounts:mfa"), {"token": "not-a-code"})
    assert client_for(clinician_b).get(reverse("patients:chart", args=[patient_a.pk])).status_code == 404

    patient_data = denied_attempts(kind="patient_data")
    sign_in = denied_attempts(kind="sign_in")
    assert [(e.username, e.object_type, e.detail["reason"]) for e in patient_data] == [
        ("clinician-b", "patient", "scope")
    ]
    assert [e.action for e in sign_in] == ["mfa"] * 3 and all(e.detail["reason"] for e in sign_in)

    response = client_for(privacy_officer).get(reverse("privacy:dashboard"))
    html = response.content.decode()
    assert "Refused access to patient data" in html and "Refused sign-ins and codes" in html
    assert (
        html.index("Refused access to patient data")
        < html.index("clinician-b")
        < html.index("Refused sign-ins and codes")
    )
    assert [e.username for e in response.context["denied"]] == ["clinician-b"]
    assert len(response.context["denied_sign_in"]) == 3
