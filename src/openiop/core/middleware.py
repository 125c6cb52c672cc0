from zoneinfo import ZoneInfo

from django.utils import timezone


class ProgramTimezoneMiddleware:
    """Show times in the zone of the user's (first) program; stored times stay UTC."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            zone = request.session.get("time_zone")
            if zone is None:
                from openiop.programs.models import Program

                zone = (
                    Program.objects.filter(pk__in=user.program_ids)
                    .order_by("pk")
                    .values_list("time_zone", flat=True)
                    .first()
                    or "UTC"
                )
                request.session["time_zone"] = zone
        if zone:
            timezone.activate(ZoneInfo(zone))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class ResponseSecurityHeadersMiddleware:
    """The Content-Security-Policy (settings.OPENIOP_CONTENT_SECURITY_POLICY) on every response, and
    ``Cache-Control: no-store`` on every response Django makes: pages, API answers, CSVs, PDFs, documents, the
    temporary-password page and the patients' own link pages, signed in or not. Static assets never come here
    (WhiteNoise answers them first), so they stay cacheable."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.policy = settings.OPENIOP_CONTENT_SECURITY_POLICY
        # Django's own debug pages (DEBUG only) are inline styles and scripts: left readable in development.
        self.debug = settings.DEBUG

    def __call__(self, request):
        response = self.get_response(request)
        if not (self.debug and response.status_code in (404, 500)):
            response.headers.setdefault("Content-Security-Policy", self.policy)
        if "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
        return response
