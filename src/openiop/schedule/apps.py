from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "openiop.schedule"
    label = "schedule"
