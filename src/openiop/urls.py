from django.urls import include, path, register_converter

from openiop.core.converters import IdConverter
from openiop.measures.views import self_report

register_converter(IdConverter, "id")

urlpatterns = [
    path("accounts/", include("openiop.accounts.urls")),
    path("api/v1/", include("openiop.api_urls")),
    path("audit/", include("openiop.audit.urls")),
    path("patients/", include("openiop.patients.urls")),
    path("tasks/", include("openiop.tasks.urls")),
    path("privacy/", include("openiop.privacy.urls")),
    path("", include("openiop.consent.urls")),
    path("programs/", include("openiop.programs.urls")),
    path("r/<str:token>/", self_report, name="self_report"),
    path("", include("openiop.intake.urls")),
    path("", include("openiop.measures.urls")),
    path("", include("openiop.diagnoses.urls")),
    path("", include("openiop.plans.urls")),
    path("", include("openiop.notes.urls")),
    path("", include("openiop.continuity.urls")),
    path("", include("openiop.schedule.urls")),
    path("", include("openiop.episodes.urls")),
    path("", include("openiop.medications.urls")),
    path("", include("openiop.screens.urls")),
]

handler404 = "openiop.core.views.not_found"
handler500 = "openiop.core.views.server_error"
