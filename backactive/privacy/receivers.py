"""The retention lock: a record under it (the patient asked for erasure) is never changed or
added to, by any path. Single saves are caught with pre_save on the models that hold the clinical
record; diary batches (which send no per-row signals) with the diary's ``entries_saving``."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import pre_save

from backactive.diary import signals as diary_signals

# Models of the clinical record: app_label.ModelName -> the attribute holding the patient id.
LOCKED_MODELS: dict[str, str] = {
    "patients.Patient": "pk",
    "consultations.Consultation": "patient_id",
    "consultations.Plan": "patient_id",
    "diary.PainEntry": "patient_id",
    "diary.ActivityEntry": "patient_id",
    "questionnaires.Response": "patient_id",
    "questionnaires.Answer": "patient_id",
    "diary.EntryCorrection": "patient_id",
}


def _guard(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata / restore: not a user's action
        return
    from . import services

    services.guard_write(getattr(instance, LOCKED_MODELS[sender._meta.label]))


def _guard_batch(sender: Any, patient_id: int, **kwargs: Any) -> None:
    from . import services

    services.guard_write(patient_id)


def connect() -> None:
    for label in LOCKED_MODELS:
        pre_save.connect(_guard, sender=apps.get_model(label), dispatch_uid=f"privacy_retention_guard_{label}")
    diary_signals.entries_saving.connect(_guard_batch, dispatch_uid="privacy_retention_guard_batch")
