from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("patients/<id:patient_id>/plan/", views.chart_tab, name="chart"),
    path("patients/<id:patient_id>/plan/start/", views.plan_start, name="start"),
    path("patients/<id:patient_id>/plan/<id:plan_id>/", views.plan_version, name="version"),
    path("patients/<id:patient_id>/plan/<id:plan_id>/edit/", views.plan_edit, name="edit"),
    path("patients/<id:patient_id>/plan/<id:plan_id>/sign/<str:role>/", views.plan_sign, name="sign"),
    path("patients/<id:patient_id>/plan/<id:plan_id>/revise/", views.plan_revise, name="revise"),
    path("patients/<id:patient_id>/plan/<id:plan_id>/review/", views.plan_review, name="review"),
    path("patients/<id:patient_id>/plan/<id:plan_id>/pdf/", views.plan_pdf, name="pdf"),
    path("plans/reviews/", views.reviews_due, name="reviews"),
]
