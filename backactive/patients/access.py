"""Which patients a user may see: all of their practice's for staff, their own record for a
patient. Built on ``accounts.access`` (a denial is a 404 and is audited, as is every view)."""

from __future__ import annotations

from django.db.models import QuerySet

from backactive.accounts.access import denied, viewed
from backactive.accounts.models import User

from .models import Patient


def patients_for_user(user: User) -> QuerySet[Patient]:
    """The patients ``user`` may see: all of their practice's for staff, themselves for a patient."""
    if user.is_practice_staff:
        return Patient.objects.filter(practice_id=user.practice_id or 0)
    if user.is_patient:
        return Patient.objects.filter(user=user)
    return Patient.objects.none()


def get_patient_for_user(user: User, patient_id: int) -> Patient:
    try:
        patient = patients_for_user(user).select_related("clinician", "practice").get(pk=patient_id)
    except Patient.DoesNotExist:
        raise denied(user, "patients.patient", patient_id) from None
    viewed(user, patient.pk, patient)
    return patient


def get_own_patient(user: User) -> Patient:
    """A patient's own record (patient pages)."""
    if not user.is_patient:
        raise denied(user, "patients.patient")
    # The login backend loads a patient's record with the user (security/backends.py): this
    # request's own copy, so no second query for it.
    if User.patient.related.is_cached(user):  # type: ignore[attr-defined]
        patient = getattr(user, "patient", None)
    else:
        patient = Patient.objects.select_related("practice").filter(user=user).first()
    if patient is None:
        raise denied(user, "patients.patient")
    viewed(user, patient.pk, patient)
    return patient
