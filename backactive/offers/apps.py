from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "backactive.offers"
    label = "offers"

    def ready(self) -> None:
        from . import importing  # noqa: F401  (registers the import job kind)

    def warm(self) -> None:
        """At server worker start (``backactive serve``): the German postal codes (a third of a
        second to read), which every GP page's offers near the patient look up. Loaded by the
        first request instead, each of a worker's threads read them at once."""
        from .geo import postcodes

        postcodes()
