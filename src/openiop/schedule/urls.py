from django.urls import path

from . import calendar_views, manage_views, views

app_name = "schedule"
urlpatterns = [
    path("schedule/today/", views.today, name="today"),
    path("schedule/series/new/", manage_views.series_new, name="series_new"),
    path("schedule/sessions/<id:session_id>/", manage_views.session_detail, name="session"),
    path("patients/<id:patient_id>/appointments/new/", manage_views.appointment_new, name="appointment_new"),
    path("schedule/sessions/<id:session_id>/roll-call/", views.roll_call, name="roll_call"),
    path("schedule/sessions/<id:session_id>/sign-in-sheet/", views.sign_in_sheet, name="sign_in_sheet"),
    path("schedule/compliance/", views.compliance, name="compliance"),
    path("schedule/week/", calendar_views.week, name="week"),
    path("schedule/facilitators/<id:user_id>/calendar.ics", calendar_views.facilitator_ical, name="facilitator_ical"),
    path("schedule/patients/<id:patient_id>/calendar.ics", calendar_views.patient_ical, name="patient_ical"),
    path("patients/<id:patient_id>/schedule/", calendar_views.chart_tab, name="chart"),
]
