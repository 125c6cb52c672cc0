from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models

from openiop.core.models import TimeStampedModel

from .roles import MFA_REQUIRED_ROLES, Role


class User(AbstractUser):
    role = models.CharField(max_length=30, choices=Role.choices)
    credentials = models.CharField(max_length=60, blank=True, help_text="e.g. LCSW, LADC, MD, RN")
    programs = models.ManyToManyField("programs.Program", through="ProgramMembership", related_name="staff", blank=True)
    is_demo = models.BooleanField(default=False, help_text="Created by `openiop demo`; demo passwords allowed")
    must_change_password = models.BooleanField(default=False, help_text="Set for a temporary password")

    class Meta:
        ordering = ["last_name", "first_name"]

    @property
    def display_name(self) -> str:
        name = self.get_full_name() or self.username
        return f"{name}, {self.credentials}" if self.credentials else name

    @property
    def mfa_required(self) -> bool:
        from django.conf import settings

        return settings.OPENIOP_MFA_REQUIRED and self.role in MFA_REQUIRED_ROLES

    @property
    def is_verified_or_exempt(self) -> bool:
        """Passed the second factor in this session, or needs none: not required for the role (or by the
        settings) AND never enrolled. Once enrolled, the code is always asked for."""
        verified = getattr(self, "is_verified", lambda: False)()
        if verified:
            return True
        if self.mfa_required:
            return False
        from django_otp import user_has_device

        return not user_has_device(self)

    @cached_property
    def program_ids(self) -> frozenset[int]:
        """The programs whose patients this user may see: the single source of program scoping."""
        return frozenset(self.memberships.values_list("program_id", flat=True))


class ProgramMembership(TimeStampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "program"], name="membership_unique")]


class SigningCredential(models.Model):
    """What a user signs with besides their password: an optional signing PIN (hashed like a password), and
    the count of wrong signing attempts that locks signing for a while (accounts.signing)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="signing_credential")
    pin_hash = models.CharField(max_length=128, blank=True, help_text="Hashed signing PIN; empty: none set")
    pin_set_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Signing credential of user {self.user_id}"

    @property
    def has_pin(self) -> bool:
        return bool(self.pin_hash)
