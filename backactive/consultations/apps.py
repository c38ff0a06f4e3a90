from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "backactive.consultations"
    label = "consultations"
