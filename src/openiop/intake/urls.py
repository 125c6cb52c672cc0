from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("help/", views.request_help, name="request_help"),
    path("help/thanks/", views.request_help_done, name="request_help_done"),
    path("intake/", views.board, name="board"),
    path("intake/calls/new/", views.log_call, name="log_call"),
    path("intake/screening/sources/", views.screening_sources, name="screening_sources"),
    path("intake/inquiries/<id:inquiry_id>/", views.inquiry_detail, name="inquiry"),
    path("intake/inquiries/<id:inquiry_id>/move/", views.inquiry_move, name="move"),
    path("intake/inquiries/<id:inquiry_id>/contacts/", views.contact_attempt, name="contact_attempt"),
    path("intake/inquiries/<id:inquiry_id>/patient/", views.inquiry_patient, name="patient"),
    path("intake/inquiries/<id:inquiry_id>/screening/", views.screening, name="screening"),
    path("intake/inquiries/<id:inquiry_id>/admit/", views.admit, name="admit"),
    path("patients/<id:patient_id>/intake/", views.chart_tab, name="chart"),
    path("patients/<id:patient_id>/intake/assessments/new/", views.assessment_start, name="assessment_start"),
    path("patients/<id:patient_id>/intake/assessments/<id:assessment_id>/", views.assessment, name="assessment"),
    path(
        "patients/<id:patient_id>/intake/assessments/<id:assessment_id>/draft/",
        views.assessment_draft,
        name="assessment_draft",
    ),
    path(
        "patients/<id:patient_id>/intake/assessments/<id:assessment_id>/addenda/",
        views.addendum_add,
        name="addendum",
    ),
    path("patients/<id:patient_id>/intake/placement/new/", views.placement, name="placement"),
]
