"""The patient's own pages. Everything here is the logged-in patient's own record only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from backactive.accounts import access
from backactive.accounts.access import patient_view
from backactive.diary.presentation import change_sentence, chart_text

from .selectors import patient_overview


@patient_view
def today(request: HttpRequest) -> HttpResponse:
    patient = access.get_own_patient(request.user)  # type: ignore[arg-type]
    overview = patient_overview(patient, chart_text(_("you")))
    return render(request, "me/today.html", {"patient": patient, "overview": overview,
                                             "change": change_sentence(overview.change)})
