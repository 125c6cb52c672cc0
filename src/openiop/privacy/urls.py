from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("patients/", views.patients, name="patients"),
    path("emergency-access/", views.break_glass, name="break_glass"),
    path("emergency-access/<id:grant_id>/review/", views.review, name="review"),
    path("restricted/", views.restrict, name="restrict"),
    path("restricted/<id:patient_id>/lift/", views.unrestrict, name="unrestrict"),
]
