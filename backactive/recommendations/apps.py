from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "backactive.recommendations"
    label = "recommendations"
