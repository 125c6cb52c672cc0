"""The audit trail: append-only rows, each hash covering its fields and the previous row's hash.

Deliberately no foreign keys: an audit row must outlive and never block changes to what it describes,
and its columns are copies (username, role) as they were at the time.
"""

from django.db import models

GENESIS_HASH = "0" * 64


class Action(models.TextChoices):
    CREATE = "create", "Create"
    READ = "read", "Read"
    UPDATE = "update", "Update"
    DELETE = "delete", "Delete"
    EXPORT = "export", "Export"
    LOGIN = "login", "Log in"
    LOGIN_FAILED = "login_failed", "Failed log-in"
    LOGOUT = "logout", "Log out"
    MFA = "mfa", "Second factor"
    PRIVILEGE_CHANGE = "privilege_change", "Privilege change"
    AUDIT_VERIFY = "audit_verify", "Audit verification"
    BREAK_GLASS = "break_glass", "Emergency access (break-glass)"


class Outcome(models.TextChoices):
    ALLOWED = "allowed", "Allowed"
    DENIED = "denied", "Denied"


class AuditEvent(models.Model):
    sequence = models.BigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    user_id = models.BigIntegerField(null=True, db_index=True)
    username = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=30, blank=True)
    patient_id = models.BigIntegerField(null=True, db_index=True)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=30, choices=Action.choices, db_index=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    source_ip = models.CharField(max_length=45, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["sequence"]
        permissions = [("view_report", "Can view the audit report")]

    def __str__(self) -> str:
        return f"Audit {self.sequence} {self.action} {self.object_type}"


class AuditChainHead(models.Model):
    """One row: the newest sequence number and hash. Updating it first serialises concurrent writers."""

    sequence = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"Audit chain head at {self.sequence}"
