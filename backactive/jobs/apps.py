from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "backactive.jobs"
    label = "jobs"
