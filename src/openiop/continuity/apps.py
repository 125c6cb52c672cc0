from django.apps import AppConfig


class ContinuityConfig(AppConfig):
    name = "openiop.continuity"
    label = "continuity"
    verbose_name = "Discharge, aftercare and alumni follow-up"
