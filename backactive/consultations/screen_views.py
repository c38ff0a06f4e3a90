"""The GP screen: the chart and the change since last time at a glance, and the follow-up panel
that records a visit and the plan agreed at it in one submit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from backactive.accounts import access
from backactive.accounts.access import staff_view
from backactive.accounts.http import StaffRequest
from backactive.core.forms import apply_errors
from backactive.core.i18n import lang
from backactive.core.once import once, succeeded
from backactive.diary.presentation import change_sentence, chart_text, effects_view
from backactive.patients import access as patient_access
from backactive.patients.models import Patient
from backactive.questionnaires.selectors import open_alerts
from backactive.recommendations.knowledge import guide

from .follow_up import choice_from_post, field_groups, follow_up_form, plan_rows
from .forms import ConsultationForm
from .models import Plan
from .plans import plan_levels
from .selectors import draft_plan, patient_overview, patient_yellow_flags, red_flag_status
from .services import PlanChoice, follow_up_save
from .views import default_clinician


def _render(request: StaffRequest, patient: Patient, *, form: ConsultationForm | None = None,
            posted: PlanChoice | None = None, plan_errors: list[str] | None = None,
            saved: dict[str, Any] | None = None) -> HttpResponse:
    overview = patient_overview(patient, chart_text(patient.display_name))
    last = overview.last_consultation
    if last is not None:
        last.patient = patient  # the suggestions read the patient: no second query
    flags = red_flag_status(last, lang())
    effects = effects_view(overview.effects)
    alerts = list(open_alerts(patient))  # positive mood screens no one has seen yet (study mode)
    # An assistant's plan waiting for a GP (only one newer than the plan the patient follows).
    draft = draft_plan(patient, after=overview.plan)
    context: dict[str, Any] = {
        "patient": patient,
        "overview": overview,
        "change": change_sentence(overview.change),
        "effects": effects,
        "flags": flags,
        "yellow": patient_yellow_flags(patient, last, alerted={r.pk for r in alerts}),
        "screen_alerts": alerts,
        # While a red flag is open the guide leaves out its reassurance: pain may then mean harm.
        "guide_1": guide(1, lang(), red_flag_open=bool(flags.open)),
        "guide_5": guide(5, lang(), red_flag_open=bool(flags.open)),
        "saved": saved,
        "draft": draft,
    }
    if last is not None and saved is None:
        if form is None:
            form = follow_up_form(None, user=request.user, patient=patient, last=last,
                                  clinicians=access.clinicians_for_user(request.user),
                                  default_clinician=default_clinician(request.user, patient, last))
        context |= {"fu_form": form, "fu": field_groups(form), "fu_last": last, "plan_errors": plan_errors or [],
                    # The newest plan, draft or not, is the draft if there is one: its levels.
                    "fu_plan": plan_rows(last, overview.plan, lang=lang(), posted=posted,
                                         pacing=bool(effects and effects.effects.pacing_advised),
                                         levels=plan_levels(draft or overview.plan))}
    return render(request, "patients/detail.html", context)


@staff_view
def overview(request: StaffRequest, patient_id: int) -> HttpResponse:
    """The GP screen. ``?saved=<plan id>`` (after a follow-up without JavaScript) confirms it."""
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    saved_id = request.GET.get("saved", "")
    saved = None
    if saved_id.isdigit():
        plan = Plan.objects.filter(patient=patient, pk=int(saved_id)).first()
        saved = {"plan": plan, "consultation": plan.consultation if plan else None} if plan else None
    return _render(request, patient, saved=saved)


@staff_view
@once
def follow_up(request: StaffRequest, patient_id: int) -> HttpResponse:
    """Save the follow-up panel: the consultation and the plan, or neither (errors beside their
    fields). With htmx the panel, the plan and the last consultation are swapped in place."""
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    last = patient.consultations.first()
    if request.method != "POST" or last is None:
        return redirect("consultations:overview", patient_id=patient.pk)
    form = follow_up_form(request.POST, user=request.user, patient=patient, last=last,
                          clinicians=access.clinicians_for_user(request.user), default_clinician=None)
    posted = choice_from_post(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        clinician = data.pop("clinician")
        try:
            consultation, plan = follow_up_save(patient=patient, clinician=clinician, created_by=request.user,
                                                data=data, choice=posted, lang=patient.language)
        except ValidationError as exc:
            plan_errors = [] if hasattr(exc, "error_dict") else exc.messages
            if hasattr(exc, "error_dict"):
                apply_errors(form, exc)
            return _render(request, patient, form=form, posted=posted, plan_errors=plan_errors)
        url = reverse("consultations:overview", args=[patient.pk])
        target = f"{url}?saved={plan.pk}#follow-up" if plan else f"{url}#follow-up"
        if request.htmx:  # shown in place; the same form sent again is led to the page instead
            return succeeded(_render(request, patient, saved={"plan": plan, "consultation": consultation}), target)
        return redirect(target)
    return _render(request, patient, form=form, posted=posted)
