from django.urls import path

from . import counselling_views, views

app_name = "notes"
urlpatterns = [
    path("notes/", views.to_write, name="to_write"),
    path("notes/cosign/", views.cosign_queue_page, name="cosign_queue"),
    path("notes/settings/", views.settings_page, name="settings"),
    path("notes/settings/templates/new/", views.template_new, name="template_new"),
    path("notes/settings/templates/<id:template_id>/", views.template_edit, name="template_edit"),
    path("notes/sessions/<id:session_id>/", views.session_notes, name="session"),
    path("notes/group/<id:group_note_id>/", views.group_note_edit, name="group_edit"),
    path("patients/<id:patient_id>/notes/", views.chart_tab, name="chart"),
    path("patients/<id:patient_id>/notes/<id:note_id>/", views.note_detail_page, name="detail"),
    path(
        "patients/<id:patient_id>/notes/counselling/new/",
        counselling_views.counselling_note_new,
        name="counselling_new",
    ),
    path(
        "patients/<id:patient_id>/notes/counselling/<id:note_id>/",
        counselling_views.counselling_note_page,
        name="counselling",
    ),
    path("patients/<id:patient_id>/notes/<id:note_id>/edit/", views.note_edit, name="edit"),
]
