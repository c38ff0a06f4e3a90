from django.apps import AppConfig


class HandoutsConfig(AppConfig):
    name = "backactive.handouts"
    label = "handouts"
