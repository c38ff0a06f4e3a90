"""GDPR pages: consents, export and erasure, for practice admins and for the patient themself."""

from __future__ import annotations

import json
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts import access
from backactive.accounts.access import admin_view, patient_view
from backactive.accounts.models import User
from backactive.patients.models import Patient
from backactive.privacy import gdpr, selectors
from backactive.privacy.models import Purpose
from backactive.privacy.services import consent_give, consent_withdraw

from . import audit
from .models import AuditAction

FORMATS = {"json": "application/json; charset=utf-8", "csv": "text/csv; charset=utf-8",
           "fhir": "application/fhir+json; charset=utf-8"}


def _export(patient: Patient, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    if fmt == "json":
        body = gdpr.export_json(patient)
    elif fmt == "csv":
        body = gdpr.export_csv(patient)
    else:
        body = json.dumps(gdpr.export_fhir(patient), ensure_ascii=False, indent=1)
    audit.record(AuditAction.EXPORT, patient_id=patient.pk, object_type=f"export.{fmt}")
    response = HttpResponse(body, content_type=FORMATS[fmt])
    extension = "json" if fmt == "fhir" else fmt
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="backactive-{fmt}-{stamp}.{extension}"'
    return response


def _context(patient: Patient) -> dict[str, Any]:
    return {"patient": patient, "consents": selectors.consent_history(patient), "purposes": Purpose.choices,
            "lock": gdpr.lock_for(patient.pk), "retention_end": gdpr.retention_end(patient)}


@admin_view
def patient_privacy(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = access.get_patient_for_user(cast(User, request.user), patient_id)
    return render(request, "security/patient_privacy.html", _context(patient))


@admin_view
def patient_export(request: HttpRequest, patient_id: int, fmt: str) -> HttpResponse:
    return _export(access.get_patient_for_user(cast(User, request.user), patient_id), fmt)


@admin_view
def patient_consent(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = access.get_patient_for_user(cast(User, request.user), patient_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    purpose, version = request.POST.get("purpose", ""), request.POST.get("version", "")
    try:
        if request.POST.get("action") == "withdraw":
            consent_withdraw(patient=patient, purpose=purpose)
        else:
            consent_give(patient=patient, purpose=purpose, version=version, recorded_by=cast(User, request.user))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("security:patient_privacy", patient_id=patient.pk)


@admin_view
def patient_erase(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = access.get_patient_for_user(cast(User, request.user), patient_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Please tick the box to confirm."))
        return redirect("security:patient_privacy", patient_id=patient.pk)
    result = gdpr.erase_on_request(patient=patient, requested_by=request.user)
    if result.locked_until is None:
        messages.success(request, _("The patient's data is erased."))
        return redirect("patients:list")
    messages.success(request, _("Entries erased: %(n)d. The clinical record is kept until %(date)s and then erased.")
                     % {"n": result.entries_deleted, "date": result.locked_until.isoformat()})
    return redirect("security:patient_privacy", patient_id=patient.pk)


@patient_view
def my_privacy(request: HttpRequest) -> HttpResponse:
    patient = access.get_own_patient(cast(User, request.user))
    return render(request, "security/my_privacy.html", _context(patient))


@patient_view
def my_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return _export(access.get_own_patient(cast(User, request.user)), fmt)


@patient_view
def my_consent_withdraw(request: HttpRequest) -> HttpResponse:
    patient = access.get_own_patient(cast(User, request.user))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.POST.get("purpose") in Purpose.values:
        consent_withdraw(patient=patient, purpose=request.POST["purpose"])
        messages.success(request, _("Your consent is withdrawn. Thank you for letting us know."))
    return redirect("security:my_privacy")


@patient_view
def my_erase(request: HttpRequest) -> HttpResponse:
    patient = access.get_own_patient(cast(User, request.user))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Please tick the box to confirm."))
        return redirect("security:my_privacy")
    gdpr.erase_on_request(patient=patient, requested_by=request.user)
    logout(request)
    return redirect("accounts:login")
