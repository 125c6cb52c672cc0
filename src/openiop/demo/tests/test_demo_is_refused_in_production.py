"""A production server never runs the demo: `openiop demo`, `seed` and `totp` refuse to run, and demo accounts
(and the demo payer's API token) cannot sign in even if a demo database reaches production."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.accounts.roles import Role
from openiop.conftest import TEST_PASSWORD
from openiop.consent.services import outside_party_register

STRONG_KEY = "k7#Qp2!vZ9@mX4$wL8^rT1&yB6*uN3(eH5)aS0_dF-gJ=cV+" * 2
PRODUCTION = {
    "OPENIOP_ENV": "production",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "iop.example.org",
    # Nothing listens here: the commands must refuse before they touch a database.
    "DATABASE_URL": "postgres://openiop:secret@127.0.0.1:9/openiop",
}


@pytest.mark.parametrize("command", [["demo"], ["seed", "--patients", "10"], ["totp", "sam.admin"]])
def test_demo_seed_and_totp_refuse_to_run_with_production_settings(command):
    cleared = ("PYTEST_VERSION", "DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in cleared} | PRODUCTION
    result = subprocess.run(
        [sys.executable, "-m", "openiop.cli", *command], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert f"`openiop {command[0]}` is refused on a production server" in result.stderr
    assert "connect" not in result.stderr


@pytest.mark.parametrize("command", [["demo"], ["seed", "--patients", "10"], ["totp", "sam.admin"]])
def test_the_refusal_follows_the_settings_not_the_database(db, settings, command):
    settings.OPENIOP_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="refused on a production server"):
        call_command(*command, stdout=StringIO())


def _sign_in(client, user) -> bool:
    client.post("/accounts/login/", {"username": user.username, "password": TEST_PASSWORD})
    return client.session.get("_auth_user_id") == str(user.pk)


def test_a_demo_account_cannot_sign_in_or_keep_its_session_in_production(settings, make_user, client_for):
    demo_admin = make_user(Role.SYSADMIN, username="sam.admin", is_demo=True)
    TOTPDevice.objects.create(user=demo_admin, name="Demo authenticator", confirmed=True)
    real_admin = make_user(Role.SYSADMIN, username="real.admin")
    TOTPDevice.objects.create(user=real_admin, name="phone", confirmed=True)
    already_signed_in = client_for(demo_admin)
    settings.OPENIOP_DEMO_ALLOWED = False

    assert not _sign_in(Client(), demo_admin)
    assert already_signed_in.get("/accounts/staff/")["Location"].startswith("/accounts/login/")
    assert _sign_in(Client(), real_admin)


def test_a_demo_account_signs_in_outside_production(make_user):
    demo_user = make_user(Role.CLINICIAN, is_demo=True)
    assert _sign_in(Client(), demo_user)


def _ask(token: str):
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}").post(
        "/api/v1/disclosures/", {}, content_type="application/json"
    )


def test_an_outside_system_registered_by_a_demo_account_is_refused_in_production(settings, make_user, program_a):
    demo_privacy = make_user(Role.PRIVACY_OFFICER, username="paula.privacy", is_demo=True)
    real_privacy = make_user(Role.PRIVACY_OFFICER, username="real.privacy")
    _party, demo_token = outside_party_register(
        acting_user=demo_privacy, name="Demo payer", receives_under_tpo=True, programs=[program_a]
    )
    _party, real_token = outside_party_register(
        acting_user=real_privacy, name="Real payer", receives_under_tpo=True, programs=[program_a]
    )
    # Outside production both tokens are accepted (and the empty request is refused for its fields).
    assert _ask(demo_token).status_code == 400
    settings.OPENIOP_DEMO_ALLOWED = False

    assert _ask(demo_token).status_code == 401
    assert _ask(real_token).status_code == 400
