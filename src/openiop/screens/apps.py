from django.apps import AppConfig


class ScreensConfig(AppConfig):
    name = "openiop.screens"
    label = "screens"
