from django.urls import path

from . import views

app_name = "measures"
urlpatterns = [
    path("patients/<int:patient_id>/measures/", views.chart_tab, name="chart"),
    path("patients/<int:patient_id>/measures/record/<str:instrument>/", views.record, name="record"),
    path("patients/<int:patient_id>/measures/<int:response_id>/", views.response_detail, name="response"),
    path("patients/<int:patient_id>/measures/link/", views.link_issue, name="link"),
    path("measures/alerts/<int:alert_id>/", views.alert_acknowledge, name="alert"),
    path("measures/due/", views.due_list, name="due"),
    path("programs/<int:program_id>/scores/", views.program_scores, name="program_scores"),
    path("programs/<int:program_id>/measure-schedule/", views.schedule, name="schedule"),
    path(
        "programs/<int:program_id>/measure-schedule/<int:rule_id>/delete/",
        views.schedule_delete,
        name="schedule_delete",
    ),
]
