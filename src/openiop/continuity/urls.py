from django.urls import path

from . import views

app_name = "continuity"
urlpatterns = [
    path("patients/<id:patient_id>/continuity/", views.chart_tab, name="chart"),
    path(
        "patients/<id:patient_id>/continuity/episodes/<id:episode_id>/summary/",
        views.summary_start,
        name="summary_start",
    ),
    path("patients/<id:patient_id>/continuity/episodes/<id:episode_id>/readmit/", views.readmit, name="readmit"),
    path(
        "patients/<id:patient_id>/continuity/episodes/<id:episode_id>/checkins/<id:day_number>/link/",
        views.checkin_link,
        name="checkin_link",
    ),
    path("patients/<id:patient_id>/continuity/summaries/<id:summary_id>/", views.summary_page, name="summary"),
    path(
        "patients/<id:patient_id>/continuity/summaries/<id:summary_id>/edit/", views.summary_edit, name="summary_edit"
    ),
    path(
        "patients/<id:patient_id>/continuity/summaries/<id:summary_id>/aftercare/",
        views.aftercare_edit,
        name="aftercare_edit",
    ),
    path(
        "patients/<id:patient_id>/continuity/summaries/<id:summary_id>/refresh/",
        views.summary_refresh,
        name="summary_refresh",
    ),
    path(
        "patients/<id:patient_id>/continuity/summaries/<id:summary_id>/sign/", views.summary_sign, name="summary_sign"
    ),
    path("patients/<id:patient_id>/continuity/summaries/<id:summary_id>/pdf/", views.summary_pdf, name="summary_pdf"),
    path(
        "patients/<id:patient_id>/continuity/summaries/<id:summary_id>/patient-signature/",
        views.aftercare_patient_sign,
        name="aftercare_patient_sign",
    ),
    path("patients/<id:patient_id>/continuity/referrals/", views.referral_add, name="referral_add"),
    path(
        "patients/<id:patient_id>/continuity/referrals/<id:referral_id>/status/",
        views.referral_status,
        name="referral_status",
    ),
    path("alumni/", views.alumni, name="alumni"),
    path("programs/<id:program_id>/aftercare/", views.aftercare_settings, name="settings"),
    path("checkin/<str:token>/", views.checkin, name="checkin"),
]
