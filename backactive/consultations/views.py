from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from backactive.accounts import access
from backactive.accounts.access import staff_view
from backactive.accounts.http import StaffRequest
from backactive.accounts.models import User
from backactive.core.forms import apply_errors
from backactive.core.i18n import lang
from backactive.core.once import once, succeeded
from backactive.patients import access as patient_access
from backactive.patients.models import Patient
from backactive.questionnaires import instrument
from backactive.questionnaires.selectors import phq2_fresh, phq2_of

from . import access as consultation_access
from .forms import ConsultationForm, last_visit_initial
from .models import Consultation, Plan
from .plan_views import suggestions_context
from .selectors import red_flag_status, yellow_flags
from .services import consultation_confirm, consultation_create, emergency_acknowledge, plan_sign_off


def default_clinician(user: User, patient: Patient, last: Consultation | None) -> int | None:
    """The GP entering it; for an assistant, the patient's GP, else last time's."""
    if user.role == "clinician":
        return user.pk
    return patient.clinician_id or (last.clinician_id if last else None)


@staff_view
@once
def consultation_create_view(request: StaffRequest, patient_id: int) -> HttpResponse:
    user = request.user
    patient = patient_access.get_patient_for_user(user, patient_id)
    last = patient.consultations.first()
    initial = {**last_visit_initial(last), "clinician": default_clinician(user, patient, last)}
    form = ConsultationForm(request.POST or None, initial=initial,
                            clinicians=access.clinicians_for_user(user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        clinician = data.pop("clinician")
        try:
            consultation = consultation_create(patient=patient, clinician=clinician, data=data, recorded_by=user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            # The suggestions follow the assessment at once (in place with htmx, else a page).
            if request.htmx:
                context = suggestions_context(request, consultation, fresh=True)
                shown = render(request, "consultations/_suggestions.html", context)
                return succeeded(shown, reverse("consultations:suggestions", args=[consultation.pk]))
            return redirect("consultations:suggestions", consultation_id=consultation.pk)
    recall = instrument("phq2").recall.get(lang(), "")
    recent = phq2_of(phq2_fresh(patient, on=timezone.localdate()))  # asked already: not asked twice
    return render(request, "consultations/form.html",
                  {"form": form, "patient": patient, "last": last, "phq2_recall": recall, "recent_phq2": recent})


@staff_view
def consultation_detail(request: StaffRequest, consultation_id: int) -> HttpResponse:
    consultation = consultation_access.get_consultation_for_user(request.user, consultation_id)
    return render(request, "consultations/detail.html", {
        "consultation": consultation, "patient": consultation.patient,
        "flags": red_flag_status(consultation, lang()), "yellow": yellow_flags(consultation),
    })


@staff_view
def plan_history(request: StaffRequest, patient_id: int) -> HttpResponse:
    """Every plan version with its date: plans are never overwritten."""
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    plans = (Plan.objects.filter(patient=patient).select_related("created_by", "clinician", "signed_off_by")
             .prefetch_related("items"))
    return render(request, "consultations/plans.html", {"patient": patient, "plans": plans})


@staff_view
def emergency_acknowledge_view(request: StaffRequest, alert_id: int) -> HttpResponse:
    """A GP takes over an emergency red flag an assistant recorded: the banner goes for all GPs."""
    alert = consultation_access.get_alert_for_gp(request.user, alert_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    emergency_acknowledge(alert=alert, by=request.user)
    return redirect("consultations:overview", patient_id=alert.patient_id)


@staff_view
def plan_sign_off_view(request: StaffRequest, plan_id: int) -> HttpResponse:
    """A GP signs off the plan an assistant typed in (only then does the patient see it)."""
    plan = consultation_access.get_plan_for_gp(request.user, plan_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan_sign_off(plan=plan, by=request.user)
    return redirect("consultations:overview", patient_id=plan.patient_id)


@staff_view
def consultation_confirm_view(request: StaffRequest, consultation_id: int) -> HttpResponse:
    """A GP confirms the consultation an assistant entered (only then do GDT, FHIR and the
    patient's pages know it). A state: pressing twice changes nothing."""
    consultation = consultation_access.get_consultation_for_gp(request.user, consultation_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    consultation_confirm(consultation=consultation, by=request.user)
    return redirect("consultations:overview", patient_id=consultation.patient_id)
