from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "backactive.interop"
    label = "interop"

    def ready(self) -> None:
        from backactive.consultations import signals
        from backactive.patients.signals import patient_list_opened
        from backactive.privacy.exports import export_format_register

        from .fhir import bulk  # noqa: F401  (registers the Bulk Data export job kind)
        from .fhir.services import patient_fhir_json
        from .gdt import outbox, receivers, views  # noqa: F401  (outbox registers its job kind)

        signals.consultation_recorded.connect(receivers.send_consultation_result, dispatch_uid="gdt-consultation")
        signals.plan_saved.connect(receivers.send_plan_result, dispatch_uid="gdt-plan")
        patient_list_opened.connect(views.take_launch, dispatch_uid="gdt-launch")
        # The patient's GDPR export in FHIR as well (privacy itself knows JSON and CSV only).
        export_format_register("fhir", content_type="application/fhir+json; charset=utf-8", extension="json",
                               render=patient_fhir_json)
