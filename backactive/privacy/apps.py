from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "backactive.privacy"
    label = "privacy"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
