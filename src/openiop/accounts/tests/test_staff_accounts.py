import re

from django.test import Client

from openiop.accounts.models import User
from openiop.audit.models import AuditEvent


def _create(client, program, **overrides):
    data = {
        "username": "jane.doe",
        "first_name": "Jane",
        "last_name": "Doe",
        "email": "jane@example.org",
        "credentials": "LCSW",
        "role": "clinician",
        "programs": [program.pk],
        **overrides,
    }
    return client.post("/accounts/staff/new/", data)


def _temporary_password(response) -> str:
    return re.search(r'data-testid="temporary-password">([^<]+)<', response.content.decode()).group(1)


def test_an_administrator_creates_a_staff_account_with_a_one_time_password(sysadmin, program_a, client_for):
    response = _create(client_for(sysadmin), program_a)

    assert response.status_code == 200
    user = User.objects.get(username="jane.doe")
    assert (user.role, user.must_change_password, set(user.program_ids)) == ("clinician", True, {program_a.pk})
    assert user.check_password(_temporary_password(response))
    event = AuditEvent.objects.get(action="privilege_change", object_id=str(user.pk))
    assert event.user_id == sysadmin.pk
    assert event.detail["event"] == "created" and event.detail["after"]["role"] == "clinician"


def test_a_temporary_password_opens_only_the_page_to_choose_a_new_one(sysadmin, program_a, client_for):
    temporary = _temporary_password(_create(client_for(sysadmin), program_a))
    client = Client()
    client.post("/accounts/login/", {"username": "jane.doe", "password": temporary})

    assert client.get("/patients/")["Location"] == "/accounts/password/"
    assert client.get("/accounts/mfa/")["Location"] == "/accounts/password/"

    new = "a long new pass phrase 7"
    response = client.post(
        "/accounts/password/", {"old_password": temporary, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    user = User.objects.get(username="jane.doe")
    assert not user.must_change_password and user.check_password(new)
    assert AuditEvent.objects.filter(action="update", object_id=str(user.pk), detail__event="password_changed").exists()
    # A clinician goes on to set up the second factor before anything else.
    assert client.get("/patients/")["Location"].startswith("/accounts/mfa/")


def test_a_weak_new_password_is_refused_and_the_flag_stays(sysadmin, program_a, client_for):
    temporary = _temporary_password(_create(client_for(sysadmin), program_a))
    client = Client()
    client.post("/accounts/login/", {"username": "jane.doe", "password": temporary})
    response = client.post(
        "/accounts/password/", {"old_password": temporary, "new_password1": "short", "new_password2": "short"}
    )
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    assert User.objects.get(username="jane.doe").must_change_password


def test_a_taken_or_malformed_user_name_is_refused_and_nothing_is_created(sysadmin, clinician_a, program_a, client_for):
    client = client_for(sysadmin)
    taken = _create(client, program_a, username=clinician_a.username)
    malformed = _create(client, program_a, username="Jane Doe!")
    assert "is taken" in taken.content.decode()
    assert "lower-case letters, digits, dots or dashes" in malformed.content.decode()
    assert not User.objects.filter(first_name="Jane").exists()


def test_only_an_administrator_may_create_accounts(clinician_a, director_a, client_for):
    for user in (clinician_a, director_a):
        assert client_for(user).get("/accounts/staff/new/").status_code == 403
    assert AuditEvent.objects.filter(outcome="denied", object_type="staff").count() == 2
