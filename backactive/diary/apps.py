from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "backactive.diary"
    label = "diary"
