from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "backactive.reminders"
    label = "reminders"

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the reminder e-mail job and its schedule)
