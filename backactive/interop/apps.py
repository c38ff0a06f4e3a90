from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "backactive.interop"
    label = "interop"
