"""Role capability checks that are audited when they refuse. patients.access adds program scoping."""

from django.core.exceptions import PermissionDenied

from openiop.audit.models import Outcome
from openiop.audit.services import audit_record


def deny(request, *, capability: str, object_type: str, object_id="", patient_id=None, reason: str) -> None:
    audit_record(
        user=request.user,
        action="read" if request.method == "GET" else "update",
        object_type=object_type,
        object_id=object_id,
        patient_id=patient_id,
        outcome=Outcome.DENIED,
        detail={"capability": capability, "reason": reason, "path": request.path},
    )


def require_capability(request, capability: str, *, object_type: str, object_id="", patient_id=None) -> None:
    """403 (audited) unless the user's role has ``capability`` (accounts.roles.CAPABILITIES)."""
    if not request.user.has_perm(capability):
        deny(
            request,
            capability=capability,
            object_type=object_type,
            object_id=object_id,
            patient_id=patient_id,
            reason="role",
        )
        raise PermissionDenied
