from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "backactive.interop"
    label = "interop"

    def ready(self) -> None:
        from backactive.consultations import signals

        from .gdt import receivers

        signals.consultation_recorded.connect(receivers.send_consultation_result, dispatch_uid="gdt-consultation")
        signals.plan_saved.connect(receivers.send_plan_result, dispatch_uid="gdt-plan")
