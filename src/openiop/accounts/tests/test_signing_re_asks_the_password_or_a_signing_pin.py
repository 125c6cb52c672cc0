"""Signing is an act of identity: the shared check (accounts.signing) takes the password or the user's own
signing PIN (hashed, set on My account with the current password), counts wrong attempts, locks signing after
the limit, and audits every attempt without the secret."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password, identify_hasher
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from openiop.accounts.models import SigningCredential
from openiop.accounts.signing import signature_method, signature_verify, signing_pin_set
from openiop.audit.models import AuditEvent
from openiop.conftest import TEST_PASSWORD

PIN = "480917"


def test_a_signing_pin_is_stored_hashed_and_needs_the_current_password(clinician_a):
    with pytest.raises(ValidationError) as error:
        signing_pin_set(acting_user=clinician_a, current_password="not-it", pin=PIN, pin_again=PIN)
    assert "current_password" in error.value.message_dict
    assert not SigningCredential.objects.filter(user=clinician_a, pin_hash__gt="").exists()
    signing_pin_set(acting_user=clinician_a, current_password=TEST_PASSWORD, pin=PIN, pin_again=PIN)
    stored = SigningCredential.objects.get(user=clinician_a).pin_hash
    assert PIN not in stored and identify_hasher(stored) and check_password(PIN, stored)
    assert not AuditEvent.objects.filter(detail__icontains=PIN).exists()


@pytest.mark.parametrize(("pin", "again"), [("12a4", "12a4"), ("123", "123"), ("1111", "1111"), ("1234", "1234")])
def test_a_signing_pin_must_be_4_to_12_digits_and_not_trivial(clinician_a, pin, again):
    with pytest.raises(ValidationError) as error:
        signing_pin_set(acting_user=clinician_a, current_password=TEST_PASSWORD, pin=pin, pin_again=again)
    assert "4 to 12 digits" in error.value.message_dict["pin"][0]


def test_the_two_pins_must_match(clinician_a):
    with pytest.raises(ValidationError) as error:
        signing_pin_set(acting_user=clinician_a, current_password=TEST_PASSWORD, pin=PIN, pin_again="480918")
    assert "pin_again" in error.value.message_dict


def test_the_pin_or_the_password_proves_the_signer_and_names_the_method(clinician_a):
    signing_pin_set(acting_user=clinician_a, current_password=TEST_PASSWORD, pin=PIN, pin_again=PIN)
    by_pin = signature_verify(user=clinician_a, secret=PIN)
    by_password = signature_verify(user=clinician_a, secret=TEST_PASSWORD)
    assert signature_method(user=clinician_a, signature=by_pin) == "pin"
    assert signature_method(user=clinician_a, signature=by_password) == "password"
    allowed = AuditEvent.objects.filter(object_type="signature", outcome="allowed")
    assert sorted(e.detail["method"] for e in allowed) == ["password", "pin"]


def test_a_proof_is_the_signers_own_fresh_and_made_by_the_check(clinician_a, clinician_b, time_machine):
    proof = signature_verify(user=clinician_a, secret=TEST_PASSWORD)
    with pytest.raises(ValidationError):
        signature_method(user=clinician_b, signature=proof)
    forged = type(proof)(user_id=clinician_a.pk, method="pin", verified_at=timezone.now())
    with pytest.raises(ValidationError):
        signature_method(user=clinician_a, signature=forged)
    with pytest.raises(ValidationError):
        signature_method(user=clinician_a, signature=None)
    time_machine.move_to(timezone.now() + timedelta(minutes=5))
    with pytest.raises(ValidationError):
        signature_method(user=clinician_a, signature=proof)


def test_wrong_attempts_are_audited_and_lock_signing_even_for_the_right_pin(clinician_a):
    signing_pin_set(acting_user=clinician_a, current_password=TEST_PASSWORD, pin=PIN, pin_again=PIN)
    limit = settings.AXES_FAILURE_LIMIT
    for attempt in range(1, limit + 1):
        with pytest.raises(ValidationError) as error:
            signature_verify(user=clinician_a, secret="000001")
        message = error.value.message_dict["signing_secret"][0]
        assert ("locked" in message) == (attempt == limit)
    with pytest.raises(ValidationError) as error:
        signature_verify(user=clinician_a, secret=PIN)
    assert "locked" in error.value.message_dict["signing_secret"][0]
    denied = AuditEvent.objects.filter(object_type="signature", outcome="denied")
    assert denied.count() == limit + 1
    assert [e.detail["event"] for e in denied].count("signing_locked") == 1
    assert not AuditEvent.objects.filter(detail__icontains="000001").exists()


def test_the_account_page_sets_the_pin_and_is_linked_from_every_page(clinician_a, client_for):
    client = client_for(clinician_a)
    home = client.get("/", follow=True).content.decode()
    assert reverse("accounts:account") in home
    url = reverse("accounts:account")
    refused = client.post(url, {"action": "set_pin", "current_password": TEST_PASSWORD, "pin": PIN, "pin_again": "1"})
    assert refused.status_code == 400 and "The two PINs differ" in refused.content.decode()
    assert (
        client.post(
            url, {"action": "set_pin", "current_password": TEST_PASSWORD, "pin": PIN, "pin_again": PIN}
        ).status_code
        == 302
    )
    assert "You have a signing PIN" in client.get(url).content.decode()
    assert signature_method(user=clinician_a, signature=signature_verify(user=clinician_a, secret=PIN)) == "pin"
