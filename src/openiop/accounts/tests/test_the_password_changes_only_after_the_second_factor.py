"""A password alone does not change the password: a phished password cannot lock the real user out. Only a
temporary password's forced change comes before the second factor, and not to the same password."""

import re

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.accounts.models import User
from openiop.conftest import TEST_PASSWORD

NEW = "a long new pass phrase 7"


def _change(client, old: str, new: str = NEW):
    return client.post("/accounts/password/", {"old_password": old, "new_password1": new, "new_password2": new})


def test_the_password_step_alone_does_not_open_the_password_change(clinician_a):
    TOTPDevice.objects.create(user=clinician_a, name="phone", confirmed=True)
    client = Client()
    client.post("/accounts/login/", {"username": clinician_a.username, "password": TEST_PASSWORD})

    assert client.get("/accounts/password/")["Location"].startswith("/accounts/mfa/")
    response = _change(client, TEST_PASSWORD)

    assert response.status_code == 302 and response["Location"].startswith("/accounts/mfa/")
    assert User.objects.get(pk=clinician_a.pk).check_password(TEST_PASSWORD)


def test_after_the_second_factor_the_password_changes(clinician_a, client_for):
    response = _change(client_for(clinician_a), TEST_PASSWORD)
    assert response.status_code == 302
    assert User.objects.get(pk=clinician_a.pk).check_password(NEW)


def _new_account_with_a_temporary_password(sysadmin, program_a, client_for) -> str:
    response = client_for(sysadmin).post(
        "/accounts/staff/new/",
        {
            "username": "jane.doe",
            "first_name": "Jane",
            "last_name": "Doe",
            "email": "jane@example.org",
            "role": "front_desk",
            "programs": [program_a.pk],
        },
    )
    return re.search(r'data-testid="temporary-password">([^<]+)<', response.content.decode()).group(1)


def test_a_temporary_password_is_changed_before_enrolling_but_not_to_itself(sysadmin, program_a, client_for):
    temporary = _new_account_with_a_temporary_password(sysadmin, program_a, client_for)
    client = Client()
    client.post("/accounts/login/", {"username": "jane.doe", "password": temporary})

    same = _change(client, temporary, temporary)

    assert same.status_code == 200
    assert "different from the current one" in same.content.decode()
    assert User.objects.get(username="jane.doe").must_change_password
    changed = _change(client, temporary)
    assert changed.status_code == 302
    assert client.get("/patients/")["Location"].startswith("/accounts/mfa/")
    assert client.get("/accounts/password/")["Location"].startswith("/accounts/mfa/")


def test_the_security_page_links_to_the_password_change(clinician_a, client_for):
    assert 'href="/accounts/password/"' in client_for(clinician_a).get("/accounts/mfa/").content.decode()
