from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from openiop.consent.api import disclosure_create
from openiop.measures.api import score_view
from openiop.patients import api as patients_api

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("patients/", patients_api.patient_list, name="api-patients"),
    path("patients/<id:patient_id>/", patients_api.patient_detail, name="api-patient"),
    path("measures/score", score_view, name="api-score"),
    path("disclosures/", disclosure_create, name="api-disclosures"),
]
