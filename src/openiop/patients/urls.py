from django.urls import path

from . import views

app_name = "patients"
urlpatterns = [
    path("", views.patient_list, name="list"),
    path("merge/", views.patient_merge, name="merge"),
    path("<id:patient_id>/", views.patient_chart, name="chart"),
    path("<id:patient_id>/edit/", views.patient_edit, name="edit"),
]
