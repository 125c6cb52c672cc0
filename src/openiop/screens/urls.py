from django.urls import path

from . import views

app_name = "screens"
urlpatterns = [
    path("patients/<id:patient_id>/screens/", views.chart_tab, name="chart"),
    path("patients/<id:patient_id>/screens/record/", views.record, name="record"),
    path("patients/<id:patient_id>/screens/<id:collection_id>/", views.collection_detail, name="collection"),
]
