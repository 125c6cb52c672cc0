from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "openiop.privacy"
    label = "privacy"
