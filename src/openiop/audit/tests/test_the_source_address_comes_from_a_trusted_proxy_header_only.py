"""Behind a reverse proxy every request comes from the proxy's address. The client's address is taken from a
proxy header only when the settings name it (OPENIOP_CLIENT_IP_HEADER, with OPENIOP_TRUSTED_PROXIES hops), and
then the audit and the sign-in lockout both use it; otherwise a client could write any address into the header."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

from openiop.audit.models import AuditEvent
from openiop.conftest import TEST_PASSWORD

PROXY = "10.0.0.5"


def _login_event(clinician, password: str = TEST_PASSWORD, **headers) -> AuditEvent:
    Client(REMOTE_ADDR=PROXY, **headers).post(
        "/accounts/login/", {"username": clinician.username, "password": password}
    )
    return AuditEvent.objects.filter(action__in=["login", "login_failed"]).latest("pk")


def test_without_the_setting_a_forwarded_header_is_ignored(clinician_a):
    event = _login_event(clinician_a, HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert event.source_ip == PROXY


@pytest.mark.parametrize(
    ("proxies", "forwarded", "client"),
    [
        # The proxy appends the address it saw; what the client wrote in front of it is not believed.
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (1, "198.51.100.7", "198.51.100.7"),
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.4", "198.51.100.7"),
        # Not an address, or fewer hops than configured: the connection's address.
        (1, "unknown", PROXY),
        (2, "198.51.100.7", PROXY),
    ],
)
def test_with_the_setting_the_audit_takes_the_address_the_trusted_proxy_saw(
    settings, clinician_a, proxies, forwarded, client
):
    settings.OPENIOP_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.OPENIOP_TRUSTED_PROXIES = proxies
    assert _login_event(clinician_a, HTTP_X_FORWARDED_FOR=forwarded).source_ip == client


def test_a_single_address_header_can_be_named(settings, clinician_a):
    settings.OPENIOP_CLIENT_IP_HEADER = "X-Real-IP"
    assert _login_event(clinician_a, HTTP_X_REAL_IP="198.51.100.7").source_ip == "198.51.100.7"


def test_the_lockout_counts_the_same_address_as_the_audit(settings, clinician_a, make_user):
    settings.OPENIOP_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.OPENIOP_LOGIN_FAILURES_PER_ADDRESS = 3
    event = _login_event(clinician_a, "wrong", HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert event.source_ip == "198.51.100.7"
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    # Three failures from one client behind the proxy lock that client only, not everyone behind the proxy.
    for _ in range(2):
        _login_event(make_user("front_desk"), "wrong", HTTP_X_FORWARDED_FOR="198.51.100.7")
    other = make_user("front_desk")
    assert _login_event(other, HTTP_X_FORWARDED_FOR="198.51.100.8").action == "login"
