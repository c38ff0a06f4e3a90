from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "backactive.offers"
    label = "offers"

    def ready(self) -> None:
        from . import importing  # noqa: F401  (registers the import job kind)
