from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "backactive.exercises"
    label = "exercises"
    verbose_name = "Exercises"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the session receiver)

    def warm(self) -> None:
        """At server worker start: the exercise figures and their words (about 130 ms to read),
        which plans, handouts and the patient's exercise pages draw from."""
        from .figures.library import figures, texts

        figures()
        texts()
