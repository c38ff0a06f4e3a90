from django.apps import AppConfig


class MeConfig(AppConfig):
    name = "backactive.me"
    label = "me"
