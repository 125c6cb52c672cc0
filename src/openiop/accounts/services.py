import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from openiop.audit.services import audit_record
from openiop.core.validation import check_names

from .models import ProgramMembership, User
from .roles import Role

RECOVERY_CODE_COUNT = 10


@transaction.atomic
def user_set_privileges(*, acting_user, user: User, role: str, program_ids: set[int], is_active: bool) -> User:
    """Change a staff member's role, programs or active flag; the change itself is audited."""
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}; allowed: {', '.join(Role.values)}"})
    if user.pk == acting_user.pk and (role != user.role or not is_active):
        raise ValidationError({"role": "You cannot change your own role or deactivate yourself."})
    before = {"role": user.role, "program_ids": sorted(user.program_ids), "is_active": user.is_active}
    user.role = role
    user.is_active = is_active
    user.save(update_fields=["role", "is_active"])
    current = set(user.program_ids)
    ProgramMembership.objects.filter(user=user, program_id__in=current - program_ids).delete()
    ProgramMembership.objects.bulk_create(
        [ProgramMembership(user=user, program_id=pid) for pid in sorted(program_ids - current)]
    )
    user.__dict__.pop("program_ids", None)
    after = {"role": role, "program_ids": sorted(program_ids), "is_active": is_active}
    audit_record(
        user=acting_user,
        action="privilege_change",
        object_type="user",
        object_id=user.pk,
        detail={"before": before, "after": after},
    )
    return user


@transaction.atomic
def staff_create(
    *,
    acting_user,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    credentials: str,
    role: str,
    program_ids: set[int],
) -> tuple[User, str]:
    """A new staff account with a one-time temporary password, which must be changed at first sign-in."""
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role {role!r}; allowed: {', '.join(Role.values)}"})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"The user name {username!r} is taken; every person has their own."})
    errors: dict = {}
    check_names(errors, first_name=first_name, last_name=last_name)
    if errors:
        raise ValidationError(errors)
    temporary = secrets.token_urlsafe(12)
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        credentials=credentials,
        role=role,
        must_change_password=True,
    )
    user.set_password(temporary)
    user.save()
    ProgramMembership.objects.bulk_create([ProgramMembership(user=user, program_id=pid) for pid in sorted(program_ids)])
    audit_record(
        user=acting_user,
        action="privilege_change",
        object_type="user",
        object_id=user.pk,
        detail={"event": "created", "after": {"role": role, "program_ids": sorted(program_ids), "is_active": True}},
    )
    return user, temporary


@transaction.atomic
def password_changed(*, user: User) -> None:
    User.objects.filter(pk=user.pk).update(must_change_password=False)
    user.must_change_password = False
    audit_record(
        user=user, action="update", object_type="user", object_id=user.pk, detail={"event": "password_changed"}
    )


@transaction.atomic
def mfa_start_enrolment(*, user: User) -> TOTPDevice:
    """An unconfirmed TOTP device; it counts only once the user proves it with a code."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def mfa_confirm_enrolment(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the device with a code from the app; returns fresh one-time recovery codes (shown once)."""
    if not device.verify_token(token):
        # A message for the field named "token", not a secret.
        raise ValidationError({"token": "That code does not match. Enter the 6-digit code your app shows now."})  # nosec B105
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = mfa_new_recovery_codes(user=user)
    audit_record(user=user, action="mfa", object_type="totp_device", object_id=device.pk, detail={"event": "enrolled"})
    return codes


def mfa_new_recovery_codes(*, user: User) -> list[str]:
    static, _ = StaticDevice.objects.get_or_create(user=user, name="Recovery codes", defaults={"confirmed": True})
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes
