from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from backactive.accounts import access
from backactive.accounts.access import staff_view
from backactive.accounts.http import StaffRequest
from backactive.core.once import once

from . import access as patient_access
from . import services, signals
from .forms import PatientForm
from .selectors import patient_search


@staff_view
def patient_list(request: StaffRequest) -> HttpResponse:
    # The practice software may just have opened a patient (GDT): a receiver answers where to go.
    for _receiver, target in signals.patient_list_opened.send(sender=None, request=request):
        if target:
            return redirect(target)
    query = request.GET.get("q", "")
    patients = patient_search(patient_access.patients_for_user(request.user), query).select_related("clinician")
    page = Paginator(patients, 50).get_page(request.GET.get("page"))
    return render(request, "patients/list.html", {"page": page, "query": query})


@staff_view
@once
def patient_create(request: StaffRequest) -> HttpResponse:
    user = request.user
    form = PatientForm(request.POST or None, practice=user.practice,
                       clinicians=access.clinicians_for_user(user))
    if request.method == "POST" and form.is_valid():
        patient = services.patient_create(practice=access.get_practice_for_user(user), form=form)
        return redirect("consultations:overview", patient_id=patient.pk)
    return render(request, "patients/form.html", {"form": form, "title": _("New patient")})


@staff_view
def patient_edit(request: StaffRequest, patient_id: int) -> HttpResponse:
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    form = PatientForm(request.POST or None, instance=patient, practice=patient.practice,
                       clinicians=access.clinicians_for_user(request.user))
    if request.method == "POST" and form.is_valid():
        services.patient_update(form=form)
        return redirect("consultations:overview", patient_id=patient.pk)
    return render(request, "patients/form.html", {"form": form, "patient": patient, "title": _("Edit patient")})
