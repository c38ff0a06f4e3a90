from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "backactive.jobs"
    label = "jobs"

    def ready(self) -> None:
        from . import cleanup  # noqa: F401  (registers the housekeeping job and its schedule)
