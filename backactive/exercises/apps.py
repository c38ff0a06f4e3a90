from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "backactive.exercises"
    label = "exercises"
    verbose_name = "Exercises"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the session receiver)
