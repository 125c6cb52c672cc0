from .client_ip import client_ip
from .context import RequestMeta, current_request


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = RequestMeta(
            source_ip=client_ip(request)[:45],
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        )
        token = current_request.set(meta)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
