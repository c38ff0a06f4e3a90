"""Staff pages for stored questionnaires of one patient: enter one (in the consultation, or from a
paper form outside any schedule), see it with its history, correct an answer, mark a positive
screen as seen."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.access import staff_view
from backactive.accounts.http import StaffRequest
from backactive.core.i18n import lang
from backactive.core.once import once
from backactive.patients import access as patient_access

from . import INSTRUMENTS, instrument, presentation, selectors, services
from .access import get_response_for_user
from .models import Source


def _day(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw or "")
    except ValueError:
        return None


@staff_view
@once
def response_new(request: StaffRequest, patient_id: int, instrument_code: str) -> HttpResponse:
    """Record a whole questionnaire now: in the consultation, or from a paper form."""
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    code = instrument_code
    if code not in INSTRUMENTS:
        raise Http404
    questions = presentation.for_staff(instrument(code), lang(), {})
    errors: dict[str, list[str]] = {}
    source = request.POST.get("source") or request.GET.get("source") or Source.CONSULTATION
    if request.method == "POST":
        answers = presentation.parse(questions, request.POST)
        day = _day(request.POST.get("answered_on"))
        try:
            if source not in (Source.PAPER, Source.CONSULTATION) or day is None:
                raise ValidationError({"answered_on": _("Please give the date it was answered.")})
            response = services.response_enter(
                patient=patient,
                instrument_code=code,
                answers=answers,
                user=request.user,
                source=source,
                answered_on=day,
                lang=lang(),
            )
        except ValidationError as exc:
            errors = exc.message_dict
            questions = presentation.for_staff(
                instrument(code), lang(), {k: v for k, v in answers.items() if isinstance(v, int)}
            )
        else:
            messages.success(request, _("Saved."))
            return redirect("questionnaires:response", patient_id=patient.pk, response_id=response.pk)
    return render(
        request,
        "questionnaires/enter.html",
        {
            "patient": patient,
            "instrument": instrument(code),
            "title": instrument(code).title.get(lang()),
            "questions": questions,
            "errors": errors,
            "source": source,
            "today": timezone.localdate(),
            "answered_on": request.POST.get("answered_on", ""),
        },
    )


@staff_view
def response_detail(request: StaffRequest, patient_id: int, response_id: int) -> HttpResponse:
    response = get_response_for_user(request.user, patient_id, response_id)
    current = selectors.current_answers(response)
    questions = presentation.for_staff(instrument(response.instrument), lang(), current)
    return render(
        request,
        "questionnaires/detail.html",
        {
            "patient": response.patient,
            "response": response,
            "instrument": instrument(response.instrument),
            "title": instrument(response.instrument).title.get(lang()),
            "questions": questions,
            "history": selectors.answer_history(response),
        },
    )


@staff_view
def response_correct(request: StaffRequest, patient_id: int, response_id: int) -> HttpResponse:
    """Change one answer; the old value stays in the history with who changed it and why."""
    response = get_response_for_user(request.user, patient_id, response_id)
    if request.method != "POST":  # after the access check: denied is 404 for GET too
        return HttpResponseNotAllowed(["POST"])
    item = request.POST.get("item", "")
    questions = [q for q in presentation.for_staff(instrument(response.instrument), lang(), {}) if q.key == item]
    reason = request.POST.get("reason", "").strip()
    try:
        if not questions:
            raise ValidationError(_("Please choose the question to correct."))
        if not reason:
            raise ValidationError(_("Please say why the answer is corrected."))
        value = request.POST.get("value", "")
        data = {f"{item}_hours": "", f"{item}_minutes": value} if questions[0].widget == "duration" else {item: value}
        services.response_save(
            response=response, answers=presentation.parse(questions, data), user=request.user, reason=reason
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The answer was corrected; the old value stays in the history."))
    return redirect("questionnaires:response", patient_id=patient_id, response_id=response.pk)


@staff_view
def alert_seen(request: StaffRequest, patient_id: int, response_id: int) -> HttpResponse:
    response = get_response_for_user(request.user, patient_id, response_id)
    if request.method != "POST":  # after the access check: denied is 404 for GET too
        return HttpResponseNotAllowed(["POST"])
    services.alert_seen(response=response, user=request.user)
    messages.success(request, _("Marked as seen. The answers stay in the record."))
    return redirect("consultations:overview", patient_id=patient_id)
