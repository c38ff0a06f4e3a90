from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "backactive.core"
    label = "core"
