from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "backactive.reminders"
    label = "reminders"
