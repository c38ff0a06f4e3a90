from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from backactive.accounts import access
from backactive.accounts.access import staff_view
from backactive.core.forms import apply_errors

from . import services
from .forms import ActivityEntryForm, PainEntryForm
from .models import ActivityEntry, PainEntry, Source


@staff_view
def pain_entry_create(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = access.get_patient_for_user(request.user, patient_id)  # type: ignore[arg-type]
    form = PainEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pain_entry_create(patient=patient, source=Source.STAFF, entered_by=request.user,  # type: ignore[arg-type]
                                       scale=patient.pain_scale, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("patients:detail", patient_id=patient.pk)
    return render(request, "diary/entry_form.html", {"form": form, "patient": patient, "kind": "pain"})


@staff_view
def activity_entry_create(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = access.get_patient_for_user(request.user, patient_id)  # type: ignore[arg-type]
    form = ActivityEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_entry_create(patient=patient, source=Source.STAFF, entered_by=request.user,  # type: ignore[arg-type]
                                           **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("patients:detail", patient_id=patient.pk)
    return render(request, "diary/entry_form.html", {"form": form, "patient": patient, "kind": "activity"})


@staff_view
def diary_list(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = access.get_patient_for_user(request.user, patient_id)  # type: ignore[arg-type]
    pain = PainEntry.objects.filter(patient=patient).order_by("-date", "-id")[:200]
    activity = ActivityEntry.objects.filter(patient=patient).order_by("-date", "-id")[:200]
    return render(request, "diary/list.html", {"patient": patient, "pain": pain, "activity": activity})
