from django.urls import path

from . import views

app_name = "medications"
urlpatterns = [
    path("patients/<id:patient_id>/medications/", views.chart_tab, name="chart"),
    path("patients/<id:patient_id>/medications/add/", views.medication_add, name="add"),
    path("patients/<id:patient_id>/medications/allergies/add/", views.allergy_add, name="allergy_add"),
    path("patients/<id:patient_id>/medications/allergies/none/", views.allergy_none, name="allergy_none"),
    path(
        "patients/<id:patient_id>/medications/allergies/<id:allergy_id>/error/",
        views.allergy_error,
        name="allergy_error",
    ),
    path("patients/<id:patient_id>/medications/<id:medication_id>/stop/", views.medication_stop, name="stop"),
    path("patients/<id:patient_id>/medications/mat/order/", views.mat_order_new, name="mat_order"),
    path("patients/<id:patient_id>/medications/mat/<id:order_id>/stop/", views.mat_order_stop, name="mat_stop"),
    path("patients/<id:patient_id>/medications/mat/administer/", views.administration_new, name="administer"),
]
