from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "backactive.patients"
    label = "patients"
