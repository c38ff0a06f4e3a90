from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "backactive.demo"
    label = "demo"
