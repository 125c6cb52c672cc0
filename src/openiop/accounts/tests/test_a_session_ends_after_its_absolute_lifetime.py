"""A session lasts at most OPENIOP_SESSION_MAX_HOURS (12 h) from sign-in, however busy (ASVS 3.3.2): activity
keeps it from idling out, but not past that limit. Each test pins the clock and builds everything under it."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.test import Client

from openiop.accounts.roles import Role
from openiop.audit.models import AuditEvent
from openiop.conftest import TEST_PASSWORD, totp_now


def _morning() -> datetime:
    return (datetime.now(tz=UTC) - timedelta(days=1)).replace(hour=12, minute=0, second=0, microsecond=0)


def _sign_in(user) -> Client:
    client = Client()
    client.post("/accounts/login/", {"username": user.username, "password": TEST_PASSWORD})
    client.post("/accounts/mfa/", {"token": totp_now(user)})
    return client


def _enrolled(make_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user(Role.CLINICIAN)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def test_a_busy_session_ends_12_hours_after_sign_in(settings, make_user):
    settings.OPENIOP_IDLE_TIMEOUT_MINUTES = 720  # activity every few hours keeps it from idling out
    start = _morning()
    with time_machine.travel(start, tick=False) as clock:
        user = _enrolled(make_user)
        client = _sign_in(user)
        for hours in (3, 6, 9, 11.9):
            clock.move_to(start + timedelta(hours=hours))
            assert client.get("/patients/").status_code == 200, f"signed out after {hours} h"

        clock.move_to(start + timedelta(hours=12, minutes=1))
        response = client.get("/patients/?q=a")

        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=%2Fpatients%2F%3Fq%3Da&expired=1"
        assert "_auth_user_id" not in client.session
        assert AuditEvent.objects.filter(action="logout", user_id=user.pk, detail__reason="session_lifetime").exists()
        page = client.get(response["Location"])
        assert "12 hours" in page.content.decode()
        # Signing in again starts a new 12 hours.
        client = _sign_in(user)
        clock.move_to(start + timedelta(hours=13))
        assert client.get("/patients/").status_code == 200


def test_the_lifetime_is_a_setting(settings, make_user):
    settings.OPENIOP_SESSION_MAX_HOURS = 2
    settings.OPENIOP_IDLE_TIMEOUT_MINUTES = 720
    start = _morning()
    with time_machine.travel(start, tick=False) as clock:
        client = _sign_in(_enrolled(make_user))
        clock.move_to(start + timedelta(hours=1, minutes=50))
        assert client.get("/patients/").status_code == 200
        clock.move_to(start + timedelta(hours=2, minutes=1))
        assert client.get("/patients/")["Location"].endswith("&expired=1")


def test_an_htmx_request_after_the_lifetime_sends_the_whole_page_to_sign_in(settings, make_user):
    settings.OPENIOP_IDLE_TIMEOUT_MINUTES = 720
    start = _morning()
    with time_machine.travel(start, tick=False) as clock:
        client = _sign_in(_enrolled(make_user))
        clock.move_to(start + timedelta(hours=6))
        client.get("/patients/")
        clock.move_to(start + timedelta(hours=12, minutes=1))
        response = client.get(
            "/patients/?q=a", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/patients/?q=a"
        )
        assert response["HX-Redirect"] == "/accounts/login/?next=%2Fpatients%2F%3Fq%3Da&expired=1"
