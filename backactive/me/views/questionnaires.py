"""The patient's questionnaires: what is due, one question per screen (questionnaire.js), saving
partial answers (also sent later from the device when it was offline), and the thank-you page,
with a calm word about help after a positive mood screen."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.access import patient_view
from backactive.accounts.http import PatientRequest
from backactive.core.i18n import lang
from backactive.patients import access as patient_access
from backactive.questionnaires import implied, instrument, presentation
from backactive.questionnaires import selectors as questionnaire_selectors
from backactive.questionnaires import services as questionnaire_services
from backactive.questionnaires.models import Source
from backactive.studies import access as study_access
from backactive.studies import selectors as study_selectors
from backactive.studies import services as study_services
from backactive.studies.models import Assessment

from ..offline import kept_offline


def _own(request: PatientRequest, assessment_id: int) -> Assessment:
    return study_access.get_assessment_for_user(request.user, assessment_id)


@patient_view
def questionnaires(request: PatientRequest) -> HttpResponse:
    patient = patient_access.get_own_patient(request.user)
    rows = study_selectors.due_for_patient(patient, timezone.localdate())
    due = [
        {
            "assessment": r.assessment,
            "window": r.window,
            "started": r.started,
            "title": instrument(r.assessment.instrument).title.get(lang()),
            "online": instrument(r.assessment.instrument).has_text(lang()),
        }
        for r in rows
    ]
    return render(request, "me/questionnaires.html", {"patient": patient, "nav": "questionnaires", "due": due})


@patient_view
@kept_offline  # answered one question per screen, offline too (issue 20): the page stays on the phone
def questionnaire(request: PatientRequest, assessment_id: int) -> HttpResponse:
    assessment = _own(request, assessment_id)
    patient, inst = assessment.enrolment.patient, instrument(assessment.instrument)
    if not inst.has_text(lang()):
        raise Http404  # answered on paper in this language (licence): the list says so
    if assessment.response is not None and assessment.response.complete:
        return redirect("me:questionnaire_done", assessment_id=assessment.pk)
    current = questionnaire_selectors.current_answers(assessment.response) if assessment.response else {}
    return render(
        request,
        "me/questionnaire.html",
        {
            "patient": patient,
            "nav": "questionnaires",
            "assessment": assessment,
            "title": inst.title.get(lang()),
            "recall": inst.recall.get(lang(), ""),
            "questions": presentation.for_patient(inst, lang(), current),
        },
    )


def _save(request: PatientRequest, assessment: Assessment, answers: dict[str, object]) -> bool:
    """Store what was answered (any part); True when the questionnaire is complete."""
    response = study_services.assessment_response(
        assessment=assessment, user=request.user, source=Source.PATIENT, lang=lang()
    )
    if response.complete:
        return True  # a late re-send from a device after it was finished: nothing to change
    answers = {**answers, **implied(assessment.instrument, answers)}
    response = questionnaire_services.response_save(response=response, answers=answers, user=request.user)
    return response.complete


@patient_view
def questionnaire_save(request: PatientRequest, assessment_id: int) -> HttpResponse:
    """JSON from the phone script (``{"answers": {...}}`` -> ``{"complete": bool}``), or the plain
    form without JavaScript (then back to the page, or on to the thank-you page)."""
    assessment = _own(request, assessment_id)
    if request.method != "POST":  # after the access check: denied is 404 for GET too
        return HttpResponseNotAllowed(["POST"])
    inst = instrument(assessment.instrument)
    if not inst.has_text(lang()):
        raise Http404
    wants_json = request.content_type == "application/json"
    try:
        if wants_json:
            answers = json.loads(request.body or b"{}").get("answers")
            if not isinstance(answers, dict):
                raise ValueError
        else:
            answers = presentation.parse(presentation.for_patient(inst, lang(), {}), request.POST)
        complete = _save(request, assessment, answers)
    except (ValueError, AttributeError, RecursionError):  # RecursionError: JSON nested too deep to decode
        return JsonResponse({"error": _('Expected {"answers": {...}}.')}, status=400)
    except ValidationError as exc:
        if wants_json:
            return JsonResponse({"error": " ".join(exc.messages)}, status=400)
        for message in exc.messages:
            messages.error(request, message)
        return redirect("me:questionnaire", assessment_id=assessment.pk)
    if wants_json:
        return JsonResponse({"complete": complete})
    if complete:
        return redirect("me:questionnaire_done", assessment_id=assessment.pk)
    messages.success(request, _("Saved. Some questions are still open; you can carry on later."))
    return redirect("me:questionnaire", assessment_id=assessment.pk)


@patient_view
def questionnaire_done(request: PatientRequest, assessment_id: int) -> HttpResponse:
    assessment = _own(request, assessment_id)
    response = assessment.response
    if response is None or not response.complete:
        return redirect("me:questionnaire", assessment_id=assessment.pk)
    patient = assessment.enrolment.patient
    return render(
        request,
        "me/questionnaire_done.html",
        {
            "patient": patient,
            "nav": "questionnaires",
            "positive": response.screen_positive,
            "practice": patient.practice,
        },
    )
