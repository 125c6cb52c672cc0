from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "openiop.episodes"
    label = "episodes"
