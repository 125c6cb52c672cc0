"""Everyone who can see a patient's identity signs in with a second factor, and once someone has enrolled one,
it is always asked for, whatever their role or the OPENIOP_MFA_REQUIRED setting."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.accounts.roles import MFA_REQUIRED_ROLES, Role
from openiop.conftest import TEST_PASSWORD


def _password_only(user) -> Client:
    client = Client()
    client.post("/accounts/login/", {"username": user.username, "password": TEST_PASSWORD})
    assert client.session.get("_auth_user_id") == str(user.pk)
    return client


@pytest.mark.parametrize("persona", ["front_desk_a", "billing_a"])
def test_front_desk_and_billing_pass_a_second_factor_before_the_patient_list(request, persona, patient_a):
    client = _password_only(request.getfixturevalue(persona))

    response = client.get("/patients/")

    assert response.status_code == 302 and response["Location"].startswith("/accounts/mfa/")


def test_every_role_that_sees_a_patient_must_use_a_second_factor():
    assert set(Role.values) <= MFA_REQUIRED_ROLES


def test_someone_who_enrolled_is_always_asked_for_the_code(settings, front_desk_a, clinician_a, patient_a):
    settings.OPENIOP_MFA_REQUIRED = False
    for user in (front_desk_a, clinician_a):
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

        response = _password_only(user).get("/patients/")

        assert response.status_code == 302 and response["Location"].startswith("/accounts/mfa/")


def test_with_the_setting_off_someone_never_enrolled_signs_in_with_the_password(settings, front_desk_a, patient_a):
    settings.OPENIOP_MFA_REQUIRED = False
    assert _password_only(front_desk_a).get("/patients/").status_code == 200
