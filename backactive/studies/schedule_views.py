"""A practice's own schedules: to measure its outcomes without a study (no arms, no research
consent, no pseudonym), a practice admin sets up time points and questionnaires once; staff then
put a patient on the schedule from the patient's questionnaire page, and the questionnaires appear
in the worklist, on the patient pages and in reminders like a study's."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.access import admin_view, staff_view
from backactive.accounts.http import StaffRequest
from backactive.core.forms import apply_errors
from backactive.core.i18n import lang
from backactive.core.once import once
from backactive.patients import access as patient_access
from backactive.questionnaires import INSTRUMENTS

from . import access, services
from .forms import ScheduleForm
from .views import _date


@staff_view
def schedules(request: StaffRequest) -> HttpResponse:
    """The practice's own schedules with their time points and how many patients are on each."""
    titles = {code: i.title.get(lang()) for code, i in INSTRUMENTS.items()}
    rows = [
        (schedule, [(t, ", ".join(titles.get(c, c) for c in t.instruments)) for t in schedule.timepoints.all()])
        for schedule in access.schedules_for_practice(request.user)
    ]
    return render(request, "studies/schedules.html", {"schedules": rows})


@admin_view
@once
def schedule_create(request: StaffRequest) -> HttpResponse:
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.schedule_create(
                practice=request.user.practice,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                timepoints=form.timepoints(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved. Staff can now put patients on this schedule."))
            return redirect("studies:schedules")
    return render(request, "studies/schedule_create.html", {"form": form})


@staff_view
@once
def schedule_enrol(request: StaffRequest, patient_id: int) -> HttpResponse:
    """Put the patient on one of the practice's own schedules (no study, so no research consent)."""
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    if request.method != "POST":  # after the access check: denied is 404 for GET too
        return HttpResponseNotAllowed(["POST"])
    schedule = access.get_schedule_for_user(request.user, request.POST.get("schedule"))
    if schedule is None:
        messages.error(request, _("Please choose one of the practice's schedules."))
        return redirect("studies:patient", patient_id=patient.pk)
    try:
        services.schedule_enrol(patient=patient, schedule=schedule, by=request.user,
                                start_date=_date(request.POST.get("start_date"), timezone.localdate()))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Started. The questionnaires of the first time point are due now."))
    return redirect("studies:patient", patient_id=patient.pk)
