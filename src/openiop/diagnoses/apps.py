from django.apps import AppConfig


class DiagnosesConfig(AppConfig):
    name = "openiop.diagnoses"
    label = "diagnoses"
