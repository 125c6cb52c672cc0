from django.urls import path

from . import views

app_name = "episodes"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("patients/new/", views.register, name="register"),
    path("episodes/<int:episode_id>/admit/", views.admit, name="admit"),
    path("episodes/<int:episode_id>/transfer/", views.transfer, name="transfer"),
    path("episodes/<int:episode_id>/discharge/", views.discharge, name="discharge"),
    path("episodes/<int:episode_id>/status/", views.change_status, name="status"),
    path("episodes/<int:episode_id>/care-team/", views.care_team, name="care_team"),
    path(
        "episodes/<int:episode_id>/care-team/<int:member_id>/remove/", views.care_team_remove, name="care_team_remove"
    ),
]
