from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "backactive.privacy"
    label = "privacy"

    def ready(self) -> None:
        from . import jobs, receivers  # noqa: F401  (jobs registers the nightly retention purge)

        receivers.connect()
