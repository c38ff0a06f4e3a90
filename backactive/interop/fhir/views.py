"""FHIR on the staff screens: practice admins issue and revoke API tokens; staff import an
Observation bundle into a patient's diary and download the patient's record as a Bundle."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backactive.accounts import access
from backactive.accounts.access import admin_view, staff_view
from backactive.accounts.http import StaffRequest
from backactive.patients import access as patient_access

from . import access as fhir_access
from .api.http import CONTENT_TYPE
from .r4b import FhirImportError
from .services import fhir_import_observations, patient_fhir_bundle
from .tokens import token_issue, token_revoke

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
KIND_LABELS = {
    "steps": gettext_lazy("steps"),
    "minutes_per_day": gettext_lazy("active minutes"),
    "pain": gettext_lazy("pain (0–10)"),
}


class TokenForm(forms.Form):
    label = forms.CharField(
        label=gettext_lazy("What is the token for?"),
        max_length=100,
        help_text=gettext_lazy("For example the name of the system that reads the data."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("FHIR Bundle (JSON file)"),
        help_text=gettext_lazy("Observations from another app, e.g. daily steps or active minutes."),
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return bytes(upload.read())


@admin_view
def tokens(request: StaffRequest) -> HttpResponse:
    """List the practice's tokens; POST ``action=issue`` shows the new token once on the
    answer page, POST ``action=revoke`` with ``token`` revokes one."""
    user = request.user
    form = TokenForm()
    new_token = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            token = fhir_access.get_token_for_admin(user, request.POST.get("token"))
            if token is not None:
                token_revoke(token=token)
                messages.success(request, _("The token “%(label)s” no longer works.") % {"label": token.label})
            return redirect("interop:fhir_tokens")
        form = TokenForm(request.POST)
        if form.is_valid():
            _token, new_token = token_issue(
                practice=access.get_practice_for_user(user), label=form.cleaned_data["label"], created_by=user
            )
            form = TokenForm()
    context = {
        "tokens": fhir_access.tokens_for_admin(user).select_related("created_by"),
        "form": form,
        "new_token": new_token,
        "base_url": request.build_absolute_uri(reverse("interop:fhir_metadata")).removesuffix("metadata"),
    }
    response = render(request, "interop/tokens.html", context)
    response["Cache-Control"] = "no-store"  # the page may show a token
    return response


@staff_view
def fhir_import(request: StaffRequest, patient_id: int) -> HttpResponse:
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            result = fhir_import_observations(
                patient=patient, data=form.cleaned_data["file"], entered_by=request.user
            )
        except FhirImportError as err:
            error = str(err)
    rows = [
        {"entry": s.entry, "date": s.date, "label": KIND_LABELS.get(s.kind, s.kind), "value": s.value, "note": s.note}
        for s in (result.stored if result else [])
    ]
    context = {"patient": patient, "form": form, "result": result, "rows": rows, "error": error}
    return render(request, "interop/fhir_import.html", context)


@staff_view
def patient_bundle(request: StaffRequest, patient_id: int) -> HttpResponse:
    """The patient's record as a FHIR Bundle file (no name in it, but a patient's data still)."""
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    base = request.build_absolute_uri(reverse("interop:fhir_metadata")).removesuffix("metadata")
    response = JsonResponse(
        patient_fhir_bundle(patient, base_url=base), content_type=CONTENT_TYPE, json_dumps_params={"indent": 1}
    )
    response["Content-Disposition"] = f'attachment; filename="patient-{patient.pk}-fhir.json"'
    response["Cache-Control"] = "no-store"
    return response
