from django.urls import path

from . import views

app_name = "consent"
urlpatterns = [
    path("patients/<id:patient_id>/consents/", views.chart_tab, name="chart"),
    path("patients/<id:patient_id>/consents/new/", views.consent_new, name="new"),
    path("patients/<id:patient_id>/consents/<id:consent_id>/revoke/", views.consent_revoke, name="revoke"),
    path("patients/<id:patient_id>/consents/<id:consent_id>/document/", views.consent_document, name="document"),
    path("patients/<id:patient_id>/consents/<id:consent_id>/release/", views.release, name="release"),
    path("patients/<id:patient_id>/disclosures/", views.accounting_report, name="accounting"),
    path("privacy/outside-parties/", views.outside_party_list, name="outside_parties"),
    path(
        "privacy/outside-parties/<id:party_id>/deactivate/",
        views.outside_party_deactivate,
        name="outside_party_deactivate",
    ),
]
