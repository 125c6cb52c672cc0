"""One password tried against many user names from one address: each user name stays under its own lockout,
so the address itself is limited (OPENIOP_LOGIN_FAILURES_PER_ADDRESS failures across user names in the
lockout window). Other addresses, and failures that end in a right password, are not affected."""

from django.test import Client

from openiop.accounts.roles import Role
from openiop.audit.models import AuditEvent
from openiop.conftest import TEST_PASSWORD

SPRAYER = "203.0.113.9"


def _attempt(user, password: str, address: str = SPRAYER):
    client = Client(REMOTE_ADDR=address)
    response = client.post("/accounts/login/", {"username": user.username, "password": password})
    return response, client.session.get("_auth_user_id") == str(user.pk)


def test_failures_across_user_names_lock_the_address(settings, make_user):
    settings.OPENIOP_LOGIN_FAILURES_PER_ADDRESS = 3
    victims = [make_user(Role.FRONT_DESK) for _ in range(4)]
    for victim in victims[:3]:
        _response, signed_in = _attempt(victim, "Spring2026!")
        assert not signed_in

    response, signed_in = _attempt(victims[3], TEST_PASSWORD)

    assert not signed_in
    assert response.status_code == 429
    assert "Too many failed sign-ins from this address, across user names" in response.content.decode()
    refused = AuditEvent.objects.filter(action="login_failed", detail__username=victims[3].username).get()
    assert refused.detail["locked_out"] is True and refused.source_ip == SPRAYER
    # Another address is not affected.
    assert _attempt(victims[3], TEST_PASSWORD, address="198.51.100.20")[1]


def test_mistakes_followed_by_the_right_password_do_not_lock_the_address(settings, make_user):
    settings.OPENIOP_LOGIN_FAILURES_PER_ADDRESS = 3
    colleagues = [make_user(Role.CLINICIAN) for _ in range(4)]
    for colleague in colleagues[:3]:
        assert not _attempt(colleague, "typo")[1]
        assert _attempt(colleague, TEST_PASSWORD)[1]

    assert _attempt(colleagues[3], TEST_PASSWORD)[1]


def test_the_address_limit_is_higher_than_one_user_names(settings):
    assert settings.OPENIOP_LOGIN_FAILURES_PER_ADDRESS == 20 > settings.AXES_FAILURE_LIMIT
