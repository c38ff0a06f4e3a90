"""GDPR pages: consents, export and erasure, for practice admins and for the patient themself."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backactive.accounts.access import admin_view, patient_view
from backactive.accounts.http import PatientRequest, StaffRequest
from backactive.patients import access as patient_access
from backactive.patients.models import Patient
from backactive.security import audit
from backactive.security.models import AuditAction

from . import selectors, services
from .exports import FORMATS
from .models import Purpose


def _export(patient: Patient, fmt: str) -> HttpResponse:
    export = FORMATS.get(fmt)
    if export is None:
        raise Http404
    body = export.render(patient)
    audit.record(AuditAction.EXPORT, patient_id=patient.pk, object_type=f"export.{fmt}")
    response = HttpResponse(body, content_type=export.content_type)
    extension = export.extension
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="backactive-{fmt}-{stamp}.{extension}"'
    return response


def _context(patient: Patient) -> dict[str, Any]:
    return {"patient": patient, "consents": selectors.consent_history(patient), "purposes": Purpose.choices,
            "lock": selectors.retention_lock_for(patient.pk), "retention_end": selectors.retention_end(patient)}


@admin_view
def patient_privacy(request: StaffRequest, patient_id: int) -> HttpResponse:
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    return render(request, "privacy/patient_privacy.html", _context(patient))


@admin_view
def patient_export(request: StaffRequest, patient_id: int, fmt: str) -> HttpResponse:
    return _export(patient_access.get_patient_for_user(request.user, patient_id), fmt)


@admin_view
def patient_consent(request: StaffRequest, patient_id: int) -> HttpResponse:
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    purpose, version = request.POST.get("purpose", ""), request.POST.get("version", "")
    try:
        if request.POST.get("action") == "withdraw":
            services.consent_withdraw(patient=patient, purpose=purpose)
        else:
            services.consent_give(patient=patient, purpose=purpose, version=version, recorded_by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("privacy:patient_privacy", patient_id=patient.pk)


@admin_view
def patient_erase(request: StaffRequest, patient_id: int) -> HttpResponse:
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Please tick the box to confirm."))
        return redirect("privacy:patient_privacy", patient_id=patient.pk)
    result = services.patient_erase(patient=patient, requested_by=request.user)
    if result.locked_until is None:
        messages.success(request, _("The patient's data is erased."))
        return redirect("patients:list")
    messages.success(request, _("Entries erased: %(n)d. The clinical record is kept until %(date)s and then erased.")
                     % {"n": result.entries_deleted, "date": date_format(result.locked_until, "SHORT_DATE_FORMAT")})
    return redirect("privacy:patient_privacy", patient_id=patient.pk)


@patient_view
def my_privacy(request: PatientRequest) -> HttpResponse:
    patient = patient_access.get_own_patient(request.user)
    return render(request, "privacy/my_privacy.html", _context(patient))


@patient_view
def my_export(request: PatientRequest, fmt: str) -> HttpResponse:
    return _export(patient_access.get_own_patient(request.user), fmt)


@patient_view
def my_consent_withdraw(request: PatientRequest) -> HttpResponse:
    patient = patient_access.get_own_patient(request.user)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.POST.get("purpose") in Purpose.values:
        services.consent_withdraw(patient=patient, purpose=request.POST["purpose"])
        messages.success(request, _("Your consent is withdrawn. Thank you for letting us know."))
    return redirect("privacy:my_privacy")


@patient_view
def my_erase(request: PatientRequest) -> HttpResponse:
    patient = patient_access.get_own_patient(request.user)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Please tick the box to confirm."))
        return redirect("privacy:my_privacy")
    services.patient_erase(patient=patient, requested_by=request.user)
    logout(request)
    return redirect("accounts:login")
