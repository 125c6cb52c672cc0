"""The demo's second-factor keys and API token are not in the source: each install draws its own, and the
commands that print them (`openiop totp`, `openiop demo`) still work."""

import hashlib
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.demo.outside_parties import demo_api_token

# What the source used to publish: keys derived from the user name, and one fixed token.
PUBLISHED_TOKEN = "oiop_48c815cc_demoa2a018340051e5c123a90159f6a789dd"


def _published_key(username: str) -> str:
    return hashlib.sha1(f"openiop-demo:{username}".encode()).hexdigest()  # noqa: S324 - the old derivation


def test_demo_keys_and_token_are_drawn_per_install_and_still_printed(db):
    out = StringIO()
    call_command("demo", stdout=out)

    devices = list(TOTPDevice.objects.filter(user__is_demo=True).select_related("user"))
    assert devices and all(d.key != _published_key(d.user.username) for d in devices)
    assert len({d.key for d in devices}) == len(devices)
    carlos = next(d for d in devices if d.user.username == "carlos.counselor")
    code = StringIO()
    call_command("totp", "carlos.counselor", stdout=code)
    assert carlos.verify_token(code.getvalue().strip())

    token = demo_api_token()
    assert token != PUBLISHED_TOKEN and token in out.getvalue()
    assert (
        Client(HTTP_AUTHORIZATION=f"Bearer {PUBLISHED_TOKEN}")
        .post("/api/v1/disclosures/", {}, content_type="application/json")
        .status_code
        == 401
    )


def test_the_demo_token_depends_on_the_install_secret(settings):
    first = demo_api_token()
    settings.SECRET_KEY = "another install's secret key, 50 characters or more, random"
    assert demo_api_token() != first
