from django.urls import path

from . import views

app_name = "diagnoses"
urlpatterns = [
    path("patients/<id:patient_id>/diagnoses/", views.chart_tab, name="chart"),
    path("patients/<id:patient_id>/diagnoses/<id:diagnosis_id>/resolve/", views.resolve, name="resolve"),
    path("patients/<id:patient_id>/diagnoses/<id:diagnosis_id>/error/", views.mark_error, name="mark_error"),
    path("patients/<id:patient_id>/diagnoses/<id:diagnosis_id>/primary/", views.make_primary, name="make_primary"),
    path("diagnoses/search/", views.search, name="search"),
]
