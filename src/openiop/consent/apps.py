from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "openiop.consent"
    label = "consent"
