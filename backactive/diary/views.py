from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from backactive.accounts.access import staff_view
from backactive.accounts.http import StaffRequest
from backactive.core.forms import apply_errors
from backactive.core.once import once
from backactive.patients import access as patient_access
from backactive.patients.models import Patient

from . import services
from .forms import ActivityEntryForm, CorrectionReasonForm, PainEntryForm, correction_form
from .models import ActivityEntry, PainEntry, Source
from .selectors import corrections


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
    pain = PainEntry.objects.filter(patient=patient).select_related("entered_by").order_by("-date", "-id")[:200]
    activity = (ActivityEntry.objects.filter(patient=patient).select_related("entered_by")
                .order_by("-date", "-id")[:200])
    return render(request, "diary/list.html", {"patient": patient, "pain": pain, "activity": activity,
                                               "corrections": corrections(patient=patient)})


def _entry(patient: Patient, kind: str, entry_id: int) -> PainEntry | ActivityEntry:
    models: dict[str, type[PainEntry] | type[ActivityEntry]] = {"pain": PainEntry, "activity": ActivityEntry}
    model = models.get(kind)
    entry = model.objects.filter(pk=entry_id, patient=patient).first() if model else None
    if entry is None:
        raise Http404
    return entry


@staff_view
@once
def entry_correct(request: StaffRequest, patient_id: int, kind: str, entry_id: int) -> HttpResponse:
    """Correct or delete one diary entry, with a reason kept in its history (who, when, old value)."""
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    entry = _entry(patient, kind, entry_id)
    deleting = request.POST.get("action") == "delete"
    values = correction_form(kind, None if deleting else (request.POST or None), entry)
    reason = CorrectionReasonForm(request.POST or None)
    if request.method == "POST" and reason.is_valid() and (deleting or values.is_valid()):
        fields = None if deleting else {k: v for k, v in values.cleaned_data.items() if k != "confirmed"}
        if fields is not None and kind == "pain":
            fields["scale"] = getattr(entry, "scale", "numeric")  # the patient's scale of the time
        try:
            services.entry_correct(patient=patient, kind=kind, entry_id=entry.pk, by=request.user,
                                   reason=reason.cleaned_data["reason"], values=fields,
                                   confirmed=bool(values.cleaned_data.get("confirmed")) if fields else False)
        except ValidationError as exc:
            apply_errors(reason if "reason" in getattr(exc, "error_dict", {}) else values, exc)
        except (PainEntry.DoesNotExist, ActivityEntry.DoesNotExist):
            raise Http404 from None  # corrected meanwhile (a second tab): nothing to do twice
        else:
            messages.success(request, _("The entry was deleted.") if deleting else _("The entry was corrected."))
            return redirect("diary:list", patient_id=patient.pk)
    return render(request, "diary/entry_correct.html",
                  {"patient": patient, "entry": entry, "kind": kind, "form": values, "reason": reason})
