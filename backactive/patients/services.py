"""Writes of patient records. The forms validate; these store."""

from __future__ import annotations

from backactive.accounts.models import Practice

from .forms import PatientForm
from .models import Patient


def patient_create(*, practice: Practice, form: PatientForm) -> Patient:
    form.instance.practice = practice
    return form.save()


def patient_update(*, form: PatientForm) -> Patient:
    return form.save()
