from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from backactive.accounts import access
from backactive.accounts.access import staff_view
from backactive.accounts.http import StaffRequest
from backactive.core.forms import apply_errors
from backactive.core.i18n import lang
from backactive.diary.presentation import change_sentence, chart_text, effects_view
from backactive.patients import access as patient_access
from backactive.questionnaires import instrument
from backactive.questionnaires.selectors import open_alerts, phq2_fresh, phq2_of
from backactive.recommendations.knowledge import guide

from . import access as consultation_access
from .forms import ConsultationForm
from .models import Consultation, Plan
from .plan_views import suggestions_context
from .selectors import patient_overview, patient_yellow_flags, red_flag_status, yellow_flags
from .services import consultation_create


def _initial(patient_last: Consultation | None) -> dict[str, object]:
    """Pre-tick last visit's answers: the GP confirms or changes them instead of starting over.
    Red flags cleared last time come ticked with their note: kept unchanged, they keep who cleared
    them and when; the yellow-flag scores are taken afresh each time."""
    if patient_last is None:
        return {}
    fields = ("barriers", "social", "settings", "favourite_activities", "conditions", "red_flags",
              "max_minutes_per_session", "mobility")
    initial: dict[str, object] = {f: getattr(patient_last, f) for f in fields}
    initial["floor_ok"] = "yes" if patient_last.floor_ok else "no"
    initial["red_flags_cleared"] = patient_last.cleared_red_flags
    notes = {c["note"] for c in patient_last.red_flag_clearances if c["code"] in patient_last.red_flags}
    if len(notes) == 1:
        initial["clearance_note"] = notes.pop()
    return initial


@staff_view
def consultation_create_view(request: StaffRequest, patient_id: int) -> HttpResponse:
    user = request.user
    patient = patient_access.get_patient_for_user(user, patient_id)
    last = patient.consultations.first()
    initial = {**_initial(last), "clinician": user.pk if user.role == "clinician" else patient.clinician_id}
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
                return render(request, "consultations/_suggestions.html", context)
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
    plans = Plan.objects.filter(patient=patient).select_related("created_by").prefetch_related("items")
    return render(request, "consultations/plans.html", {"patient": patient, "plans": plans})


@staff_view
def overview(request: StaffRequest, patient_id: int) -> HttpResponse:
    """The GP screen: the chart and the change since last time, at a glance."""
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    overview = patient_overview(patient, chart_text(patient.display_name))
    flags = red_flag_status(overview.last_consultation, lang())
    alerts = list(open_alerts(patient))
    context = {
        "patient": patient,
        "overview": overview,
        "change": change_sentence(overview.change),
        "effects": effects_view(overview.effects),
        "flags": flags,
        "yellow": patient_yellow_flags(patient, overview.last_consultation, alerted={r.pk for r in alerts}),
        # While a red flag is open the guide leaves out its reassurance: pain may then mean harm.
        "guide_1": guide(1, lang(), red_flag_open=bool(flags.open)),
        "guide_5": guide(5, lang(), red_flag_open=bool(flags.open)),
        "screen_alerts": alerts,
    }
    return render(request, "patients/detail.html", context)
