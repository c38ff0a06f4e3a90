"""Who may see what: the one place where access to patient data is decided.

Every view gets the objects it shows through a ``get_<thing>_for_user`` helper here (or wraps
itself in ``staff_view`` / ``admin_view`` / ``patient_view``). Anything a user may not see is a
404, never a 403, so that the existence of another practice's patient is not revealed.
Anonymous users are sent to the login page by the decorators.

The FHIR API authenticates bearer tokens, not users: its counterpart of this module is
``backactive.interop.fhir.access`` (``get_token_for_request``, ``get_patient_for_token``,
``tokens_for_admin``), with the same rule of 404 outside the token's practice.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from backactive.consultations.models import Consultation, Plan
from backactive.patients.models import Patient
from backactive.security.audit import record as audit_record
from backactive.security.models import AuditAction

from .models import Practice, Role, User

View = TypeVar("View", bound=Callable[..., HttpResponse])


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _role_view(check: Callable[[User], bool]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(_user(request)):
                raise _denied(_user(request))
            return view(request, *args, **kwargs)

        return cast(View, wrapped)

    return decorator


staff_view = _role_view(lambda u: u.is_practice_staff)
"""Practice staff of any role (admin, GP, assistant)."""

admin_view = _role_view(lambda u: u.is_practice_admin)
"""Practice admins only."""

patient_view = _role_view(lambda u: u.is_patient and hasattr(u, "patient"))
"""Patients with a linked record; their pages show only their own data."""


def _denied(user: User, what: str = "", object_id: object = "") -> Http404:
    """Record the denial in the audit trail and return the 404 to raise."""
    audit_record(AuditAction.DENIED, user=user, object_type=what, object_id=object_id)
    return Http404()


def _viewed(user: User, patient_id: int, obj: object) -> None:
    audit_record(AuditAction.VIEW, user=user, patient_id=patient_id, obj=obj)


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
        raise _denied(user, "patients.patient", patient_id) from None
    _viewed(user, patient.pk, patient)
    return patient


def get_own_patient(user: User) -> Patient:
    """A patient's own record (patient pages)."""
    if not user.is_patient:
        raise _denied(user, "patients.patient")
    try:
        patient = Patient.objects.select_related("practice").get(user=user)
    except Patient.DoesNotExist:
        raise _denied(user, "patients.patient") from None
    _viewed(user, patient.pk, patient)
    return patient


def get_consultation_for_user(user: User, consultation_id: int) -> Consultation:
    try:
        consultation = Consultation.objects.select_related("patient", "clinician").get(
            pk=consultation_id, patient__in=patients_for_user(user)
        )
    except Consultation.DoesNotExist:
        raise _denied(user, "consultations.consultation", consultation_id) from None
    _viewed(user, consultation.patient_id, consultation)
    return consultation


def get_plan_for_user(user: User, plan_id: int) -> Plan:
    try:
        plan = Plan.objects.select_related("patient__practice", "created_by").prefetch_related("items").get(
            pk=plan_id, patient__in=patients_for_user(user)
        )
    except Plan.DoesNotExist:
        raise _denied(user, "consultations.plan", plan_id) from None
    _viewed(user, plan.patient_id, plan)
    return plan


def clinicians_for_user(user: User) -> QuerySet[User]:
    """GPs of the user's practice (for choosing a patient's GP)."""
    if not user.is_practice_staff:
        return User.objects.none()
    return User.objects.filter(practice_id=user.practice_id or 0, role=Role.CLINICIAN, is_active=True)


def staff_for_admin(user: User) -> QuerySet[User]:
    """The staff accounts a practice admin manages: their own practice's, never patients."""
    if not user.is_practice_admin:
        return User.objects.none()
    return User.objects.filter(practice_id=user.practice_id or 0).exclude(role=Role.PATIENT)


def get_staff_member_for_admin(user: User, user_id: int) -> User:
    try:
        return staff_for_admin(user).get(pk=user_id)
    except User.DoesNotExist:
        raise Http404 from None


def get_practice_for_user(user: User) -> Practice:
    if user.practice_id is None:
        raise Http404
    return cast(Practice, user.practice)
