from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "openiop.tasks"
    label = "tasks"
