"""Signing is an act of identity: every signature (a note, a group note, a counselling note, a co-signature, a
treatment plan, a discharge summary) re-asks the signer's password or signing PIN.

``signature_verify`` is the one check. Views call it with what the user typed, before the sign service, outside
the service's transaction, so a wrong attempt is counted and audited even though nothing is signed. It returns a
``Signature``; every sign service takes that proof and calls ``signature_method`` to confirm it is fresh and the
signer's own, then records the method ("password" or "pin") on what was signed.

Wrong attempts lock signing after the same limit and for the same time as the sign-in lockout
(OPENIOP_LOGIN_FAILURE_LIMIT, OPENIOP_LOCKOUT_MINUTES): a program security policy, not a clinical rule.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.audit.models import Outcome
from openiop.audit.services import audit_record

from .models import SigningCredential

PASSWORD, PIN = "password", "pin"
METHOD_CHOICES = [(PASSWORD, "Password"), (PIN, "Signing PIN")]
# A proof of identity is good for one sign action, made within this time.
SIGNATURE_FRESH_FOR = timedelta(minutes=2)
PIN_PATTERN = re.compile(r"^\d{4,12}$")
PIN_RULE = "4 to 12 digits, not all the same digit and not a plain run such as 1234"
_SEAL = object()  # only signature_verify makes a Signature that signature_method accepts


@dataclass(frozen=True)
class Signature:
    user_id: int
    method: str
    verified_at: datetime
    seal: object = field(default=None, repr=False, compare=False)


def _limit() -> int:
    return settings.AXES_FAILURE_LIMIT


def _lockout() -> timedelta:
    return settings.AXES_COOLOFF_TIME


def _credential(user) -> SigningCredential:
    found, _ = SigningCredential.objects.select_for_update().get_or_create(user=user)
    return found


def signing_locked_until(*, user) -> datetime | None:
    found = SigningCredential.objects.filter(user=user).values_list("locked_until", flat=True).first()
    return found if found and found > timezone.now() else None


def signature_verify(*, user, secret: str, field_name: str = "signing_secret") -> Signature | None:
    """Check the password or signing PIN ``user`` typed to sign. Raises ValidationError keyed by ``field_name``
    (wrong, or locked after too many wrong attempts); every attempt is audited (never the secret).

    Nothing typed is no attempt: None, which every sign service refuses (``signature_method``) after its own
    checks, so the signer hears about an unwritten section and the missing password together."""
    if not secret:
        return None
    now = timezone.now()
    with transaction.atomic():
        credential = _credential(user)
        if credential.locked_until and credential.locked_until > now:
            minutes = max(1, int((credential.locked_until - now).total_seconds() // 60) + 1)
            audit_record(
                user=user,
                action="mfa",
                object_type="signature",
                outcome=Outcome.DENIED,
                detail={"event": "signing_locked"},
            )
            locked_message = (
                f"Signing is locked after {_limit()} wrong attempts. Try again in {minutes} minutes; "
                "your draft is kept."
            )
            failure = ValidationError({field_name: locked_message})
        else:
            secret = secret or ""
            method = None
            if credential.has_pin and PIN_PATTERN.match(secret) and check_password(secret, credential.pin_hash):
                method = PIN
            elif secret and user.check_password(secret):
                method = PASSWORD
            if method is not None:
                credential.failed_attempts, credential.locked_until = 0, None
                credential.save(update_fields=["failed_attempts", "locked_until"])
                audit_record(
                    user=user, action="mfa", object_type="signature", detail={"event": "signing", "method": method}
                )
                return Signature(user_id=user.pk, method=method, verified_at=now, seal=_SEAL)
            credential.failed_attempts += 1
            locked = credential.failed_attempts >= _limit()
            if locked:
                credential.failed_attempts, credential.locked_until = 0, now + _lockout()
            credential.save(update_fields=["failed_attempts", "locked_until"])
            audit_record(
                user=user,
                action="mfa",
                object_type="signature",
                outcome=Outcome.DENIED,
                detail={"event": "signing_failed", "locked": locked},
            )
            what = "signing PIN or password" if credential.has_pin else "password"
            if locked:
                message = (
                    f"That is not your {what}. Signing is now locked for {int(_lockout().total_seconds() // 60)} "
                    "minutes; your draft is kept."
                )
            else:
                left = _limit() - credential.failed_attempts
                message = f"That is not your {what}. Nothing was signed; {left} attempts left before signing locks."
            failure = ValidationError({field_name: message})
    raise failure


def signature_method(*, user, signature: Signature | None, field_name: str = "signing_secret") -> str:
    """For sign services: the method of a fresh proof made by ``signature_verify`` for ``user``; else refuse."""
    if (
        not isinstance(signature, Signature)
        or signature.seal is not _SEAL
        or signature.user_id != user.pk
        or timezone.now() - signature.verified_at > SIGNATURE_FRESH_FOR
    ):
        raise ValidationError({field_name: "Enter your password or signing PIN to sign."})
    return signature.method


def _check_pin_rule(pin: str) -> None:
    if not PIN_PATTERN.match(pin or ""):
        raise ValidationError({"pin": f"A signing PIN is {PIN_RULE}."})
    digits = [int(c) for c in pin]
    steps = {b - a for a, b in zip(digits, digits[1:], strict=False)}
    if len(set(pin)) == 1 or steps in ({1}, {-1}):
        raise ValidationError({"pin": f"That PIN is too easy to guess: a signing PIN is {PIN_RULE}."})


@transaction.atomic
def signing_pin_set(*, acting_user, current_password: str, pin: str, pin_again: str) -> SigningCredential:
    """The user sets (or changes) their own signing PIN, proving it is them with their password."""
    if not acting_user.check_password(current_password or ""):
        audit_record(
            user=acting_user,
            action="update",
            object_type="signing_pin",
            object_id=acting_user.pk,
            outcome=Outcome.DENIED,
            detail={"event": "wrong_password"},
        )
        # A message for the field named "current_password", not a secret.
        raise ValidationError({"current_password": "That is not your current password."})  # nosec B105
    _check_pin_rule(pin)
    if pin != pin_again:
        raise ValidationError({"pin_again": "The two PINs differ; type the same PIN twice."})
    credential = _credential(acting_user)
    credential.pin_hash, credential.pin_set_at = make_password(pin), timezone.now()
    credential.save(update_fields=["pin_hash", "pin_set_at"])
    audit_record(
        user=acting_user, action="update", object_type="signing_pin", object_id=acting_user.pk, detail={"event": "set"}
    )
    return credential


@transaction.atomic
def signing_pin_remove(*, acting_user) -> None:
    SigningCredential.objects.filter(user=acting_user).update(pin_hash="", pin_set_at=None)
    audit_record(
        user=acting_user,
        action="update",
        object_type="signing_pin",
        object_id=acting_user.pk,
        detail={"event": "removed"},
    )
