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
