from django.urls import path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer

from openiop.accounts.access import require_capability
from openiop.consent.api import disclosure_create
from openiop.measures.api import score_view
from openiop.patients import api as patients_api


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, for the staff who connect other systems (accounts.roles: api.view_schema)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        require_capability(request, "api.view_schema", object_type="api_schema")
        return super().get(request, *args, **kwargs)

    def handle_exception(self, exc):
        # A refusal is plain JSON saying why, like every other API refusal (not an OpenAPI document).
        self.request.accepted_renderer, self.request.accepted_media_type = JSONRenderer(), "application/json"
        return super().handle_exception(exc)


urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("patients/", patients_api.patient_list, name="api-patients"),
    path("patients/<id:patient_id>/", patients_api.patient_detail, name="api-patient"),
    path("measures/score", score_view, name="api-score"),
    path("disclosures/", disclosure_create, name="api-disclosures"),
]
