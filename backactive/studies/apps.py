from django.apps import AppConfig


class StudiesConfig(AppConfig):
    name = "backactive.studies"

    def ready(self) -> None:
        from backactive.consultations import holds

        from .selectors import control_arm_hold

        holds.register(control_arm_hold)
        from . import jobs  # noqa: F401  (registers the questionnaire reminder job and its schedule)
