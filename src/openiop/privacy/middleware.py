import dataclasses
import re

from openiop.audit.context import current_request

from .policy import widen_scope_for_grant

PATIENT_URL = re.compile(r"/patients/(\d{1,18})/")


class BreakGlassScopeMiddleware:
    """Pages about a patient the user opened in an emergency run with that patient's programs in scope."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.break_glass = None
        match = PATIENT_URL.search(request.path)
        if match and request.user.is_authenticated:
            request.break_glass = widen_scope_for_grant(request, int(match.group(1)))
        meta = current_request.get()
        if request.break_glass is None or meta is None:
            return self.get_response(request)
        token = current_request.set(dataclasses.replace(meta, break_glass_id=request.break_glass.pk))
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
