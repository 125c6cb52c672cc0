from django.urls import path

from . import views

app_name = "measures"
urlpatterns = [
    path("patients/<id:patient_id>/measures/", views.chart_tab, name="chart"),
    path("patients/<id:patient_id>/measures/record/<str:instrument>/", views.record, name="record"),
    path("patients/<id:patient_id>/measures/<id:response_id>/", views.response_detail, name="response"),
    path("patients/<id:patient_id>/measures/link/", views.link_issue, name="link"),
    path("measures/alerts/<id:alert_id>/", views.alert_acknowledge, name="alert"),
    path("measures/due/", views.due_list, name="due"),
    path("programs/<id:program_id>/scores/", views.program_scores, name="program_scores"),
    path("programs/<id:program_id>/measure-schedule/", views.schedule, name="schedule"),
    path(
        "programs/<id:program_id>/measure-schedule/<id:rule_id>/delete/",
        views.schedule_delete,
        name="schedule_delete",
    ),
]
