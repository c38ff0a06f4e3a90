from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "backactive.exercises"
    label = "exercises"
    verbose_name = "Exercises"
