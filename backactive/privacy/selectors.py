"""Reads of consents. Every use of patient data that needs consent asks here."""

from __future__ import annotations

from django.db.models import QuerySet

from backactive.accounts.models import Practice
from backactive.patients.models import Patient

from .models import Consent


def has_consent(patient: Patient, purpose: str) -> bool:
    """Whether the patient's consent to ``purpose`` is in force now."""
    return Consent.objects.filter(patient=patient, purpose=purpose, withdrawn_at__isnull=True).exists()


def consent_in_force(patient: Patient, purpose: str) -> Consent | None:
    return Consent.objects.filter(patient=patient, purpose=purpose, withdrawn_at__isnull=True).first()


def consent_history(patient: Patient) -> QuerySet[Consent]:
    """Every consent the patient gave, newest first, including withdrawn ones."""
    return Consent.objects.filter(patient=patient).order_by("-given_at", "-id")


def patients_with_consent(practice: Practice, purpose: str) -> QuerySet[Patient]:
    """The practice's patients whose consent to ``purpose`` is in force. At most one consent per
    patient and purpose is in force (a database constraint), so the join yields no duplicates."""
    return Patient.objects.filter(practice=practice, consents__purpose=purpose, consents__withdrawn_at__isnull=True)
