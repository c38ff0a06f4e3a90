from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "backactive.offers"
    label = "offers"
