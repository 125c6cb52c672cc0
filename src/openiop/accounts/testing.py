"""Sign a user in with the second factor already passed: for tests and benchmarks, never for views."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def client_with_second_factor(user, **client_kwargs) -> Client:
    client = Client(**client_kwargs)
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def signature_of(user, secret: str | None = None):
    """The re-authentication a signer gives (accounts.signing.signature_verify), with the test password unless
    ``secret`` (e.g. their signing PIN) is given: the same check a sign view makes."""
    from openiop.conftest import TEST_PASSWORD

    from .signing import signature_verify

    return signature_verify(user=user, secret=secret or TEST_PASSWORD)
