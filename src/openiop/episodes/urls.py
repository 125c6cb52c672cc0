from django.urls import path

from . import views

app_name = "episodes"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("patients/new/", views.register, name="register"),
    path("episodes/<id:episode_id>/admit/", views.admit, name="admit"),
    path("episodes/<id:episode_id>/consent-packet/", views.consent_packet, name="consent_packet"),
    path(
        "episodes/<id:episode_id>/consent-packet/<id:packet_id>/document/",
        views.consent_packet_document,
        name="consent_packet_document",
    ),
    path("episodes/<id:episode_id>/transfer/", views.transfer, name="transfer"),
    path("episodes/<id:episode_id>/discharge/", views.discharge, name="discharge"),
    path("episodes/<id:episode_id>/status/", views.change_status, name="status"),
    path("episodes/<id:episode_id>/care-team/", views.care_team, name="care_team"),
    path("episodes/<id:episode_id>/care-team/<id:member_id>/remove/", views.care_team_remove, name="care_team_remove"),
]
