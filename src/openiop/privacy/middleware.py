import dataclasses
import re

from django.core.exceptions import PermissionDenied

from openiop.audit.context import current_request

from .policy import READ_CAPABILITIES, widen_scope_for_grant

PATIENT_URL = re.compile(r"/patients/(\d{1,18})/")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class BreakGlassScopeMiddleware:
    """Pages about a patient the user opened in an emergency run with that patient's programs in scope, and
    read-only: the user's capabilities narrow to reading for the request (so no button that changes the record
    shows, and a write form is refused), and any other method is refused with 403, audited."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.break_glass = None
        match = PATIENT_URL.search(request.path)
        if match and request.user.is_authenticated:
            request.break_glass = widen_scope_for_grant(request, int(match.group(1)))
        meta = current_request.get()
        if request.break_glass is None:
            return self.get_response(request)
        _read_only(request.user)
        token = current_request.set(dataclasses.replace(meta, break_glass_id=request.break_glass.pk)) if meta else None
        try:
            if request.method not in SAFE_METHODS:
                _refuse_write(request, request.break_glass.patient_id)
            return self.get_response(request)
        finally:
            if token is not None:
                current_request.reset(token)


def _read_only(user) -> None:
    """For this request only: the user keeps the capabilities that read, and loses those that write."""
    has_perm = user.has_perm
    user.has_perm = lambda perm, obj=None: perm in READ_CAPABILITIES and has_perm(perm, obj)


def _refuse_write(request, patient_id: int):
    from openiop.accounts.access import deny

    deny(
        request,
        capability="privacy.break_glass",
        object_type="patient",
        object_id=patient_id,
        patient_id=patient_id,
        reason="emergency_read_only",
    )
    raise PermissionDenied
