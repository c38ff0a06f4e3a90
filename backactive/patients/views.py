from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from backactive.accounts import access
from backactive.accounts.access import staff_view
from backactive.core.i18n import lang
from backactive.diary.presentation import change_sentence, chart_text
from backactive.interop.gdt.views import take_launch
from backactive.recommendations.knowledge import guide

from .forms import PatientForm
from .selectors import patient_overview, patient_search


@staff_view
def patient_list(request: HttpRequest) -> HttpResponse:
    launched = take_launch(request)  # the practice software just opened a patient (GDT)
    if launched:
        return redirect(launched)
    query = request.GET.get("q", "")
    patients = patient_search(access.patients_for_user(request.user), query).select_related("clinician")  # type: ignore[arg-type]
    page = Paginator(patients, 50).get_page(request.GET.get("page"))
    return render(request, "patients/list.html", {"page": page, "query": query})


@staff_view
def patient_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PatientForm(request.POST or None, practice=user.practice,  # type: ignore[union-attr]
                       clinicians=access.clinicians_for_user(user))  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        form.instance.practice = user.practice  # type: ignore[union-attr]
        patient = form.save()
        return redirect("patients:detail", patient_id=patient.pk)
    return render(request, "patients/form.html", {"form": form, "title": _("New patient")})


@staff_view
def patient_edit(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = access.get_patient_for_user(request.user, patient_id)  # type: ignore[arg-type]
    form = PatientForm(request.POST or None, instance=patient, practice=patient.practice,
                       clinicians=access.clinicians_for_user(request.user))  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("patients:detail", patient_id=patient.pk)
    return render(request, "patients/form.html", {"form": form, "patient": patient, "title": _("Edit patient")})


@staff_view
def patient_detail(request: HttpRequest, patient_id: int) -> HttpResponse:
    """The GP screen: the chart and the change since last time, at a glance."""
    patient = access.get_patient_for_user(request.user, patient_id)  # type: ignore[arg-type]
    overview = patient_overview(patient, chart_text(patient.display_name))
    context = {
        "patient": patient,
        "overview": overview,
        "change": change_sentence(overview.change),
        "red_flags": overview.last_consultation.red_flags if overview.last_consultation else [],
        "guide_1": guide(1, lang()),
        "guide_5": guide(5, lang()),
    }
    return render(request, "patients/detail.html", context)
