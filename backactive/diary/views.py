from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from backactive.accounts.access import staff_view
from backactive.accounts.http import StaffRequest
from backactive.core.forms import apply_errors
from backactive.core.once import once
from backactive.patients import access as patient_access

from . import services
from .forms import ActivityEntryForm, PainEntryForm
from .models import ActivityEntry, PainEntry, Source


@staff_view
@once
def pain_entry_create(request: StaffRequest, patient_id: int) -> HttpResponse:
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    form = PainEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pain_entry_create(patient=patient, source=Source.STAFF, entered_by=request.user,
                                       scale=patient.pain_scale, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("consultations:overview", patient_id=patient.pk)
    return render(request, "diary/entry_form.html", {"form": form, "patient": patient, "kind": "pain"})


@staff_view
@once
def activity_entry_create(request: StaffRequest, patient_id: int) -> HttpResponse:
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    form = ActivityEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_entry_create(patient=patient, source=Source.STAFF, entered_by=request.user,
                                           **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("consultations:overview", patient_id=patient.pk)
    return render(request, "diary/entry_form.html", {"form": form, "patient": patient, "kind": "activity"})


@staff_view
def diary_list(request: StaffRequest, patient_id: int) -> HttpResponse:
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    pain = PainEntry.objects.filter(patient=patient).order_by("-date", "-id")[:200]
    activity = ActivityEntry.objects.filter(patient=patient).order_by("-date", "-id")[:200]
    return render(request, "diary/list.html", {"patient": patient, "pain": pain, "activity": activity})
