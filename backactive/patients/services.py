"""Writes of patient records. The forms validate; these store."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from backactive.accounts.models import Practice
from backactive.core import codes

from .forms import PatientForm
from .models import Patient


def patient_create(*, practice: Practice, form: PatientForm) -> Patient:
    form.instance.practice = practice
    return form.save()


def patient_update(*, form: PatientForm) -> Patient:
    return form.save()


def patient_language_set(*, patient: Patient, language: str) -> Patient:
    """The patient's own language (chosen on their pages or by the practice)."""
    if language not in codes.LANGS:
        raise ValidationError(_("Unknown language."))
    patient.language = language
    patient.save(update_fields=["language"])
    return patient
