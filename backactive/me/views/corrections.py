"""The patient corrects or deletes an entry they made, with a reason (issue 12, item 5): the
old value, the change and the reason stay in the record's history (``diary.EntryCorrection``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backactive.accounts.access import patient_view
from backactive.accounts.http import PatientRequest
from backactive.core.forms import apply_errors
from backactive.diary import services as diary_services
from backactive.diary.forms import correction_form
from backactive.diary.models import ActivityEntry, PainEntry
from backactive.diary.services import OWN_SOURCES
from backactive.patients import access as patient_access
from backactive.patients.models import Patient

REASONS = {
    "value": gettext_lazy("I chose the wrong value"),
    "day": gettext_lazy("It was on another day"),
    "twice": gettext_lazy("I entered it twice"),
    "other": gettext_lazy("Something else"),
}
# Deleting without the correction page: the reasons above, or the plan button's "Undo".
DELETE_REASONS = {**REASONS, "undo": gettext_lazy("Tapped by mistake, undone")}


class ReasonForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Why?"), choices=list(REASONS.items()),
                               widget=forms.RadioSelect)


def _own_entry(patient: Patient, kind: str, entry_id: int) -> PainEntry | ActivityEntry:
    models: dict[str, type[PainEntry] | type[ActivityEntry]] = {"pain": PainEntry, "activity": ActivityEntry}
    model = models.get(kind)
    entry = model.objects.filter(pk=entry_id, patient=patient, source__in=OWN_SOURCES).first() if model else None
    if entry is None:
        raise Http404
    return entry


@patient_view
def entry_correct(request: PatientRequest, kind: str, entry_id: int) -> HttpResponse:
    patient = patient_access.get_own_patient(request.user)
    entry = _own_entry(patient, kind, entry_id)
    deleting = request.POST.get("action") == "delete"
    values = correction_form(kind, None if deleting else (request.POST or None), entry)
    reason = ReasonForm(request.POST or None)
    if request.method == "POST" and reason.is_valid() and (deleting or values.is_valid()):
        fields = None if deleting else {k: v for k, v in values.cleaned_data.items() if k != "confirmed"}
        if fields is not None and kind == "pain":
            fields["scale"] = getattr(entry, "scale", "numeric")
        elif fields is not None:
            fields["steps"] = getattr(entry, "steps", None)  # not on the patient's page: kept
        try:
            diary_services.entry_correct(
                patient=patient, kind=kind, entry_id=entry.pk, by=request.user, own_only=True,
                reason=str(REASONS[reason.cleaned_data["reason"]]), values=fields,
                confirmed=bool(values.cleaned_data.get("confirmed")) if fields else False,
            )
        except ValidationError as exc:
            apply_errors(values, exc)
        except (PainEntry.DoesNotExist, ActivityEntry.DoesNotExist):
            raise Http404 from None  # changed meanwhile (a second tab): nothing to do twice
        else:
            messages.success(request, _("The entry was deleted.") if deleting else _("The entry was corrected."))
            return redirect(f"{reverse('me:today')}?{urlencode({'date': entry.date.isoformat()})}")
    return render(request, "me/entry_correct.html",
                  {"patient": patient, "entry": entry, "kind": kind, "form": values, "reason": reason})
