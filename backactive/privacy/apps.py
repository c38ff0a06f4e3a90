from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "backactive.privacy"
    label = "privacy"
