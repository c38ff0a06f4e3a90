"""Practice staff in study mode: a patient's questionnaires and studies, enrolment with consent,
withdrawal, the worklist with one click to remind or to enter a paper form, the paper form."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.access import denied, staff_view
from backactive.accounts.http import StaffRequest
from backactive.core.i18n import lang
from backactive.core.once import once
from backactive.patients import access as patient_access
from backactive.questionnaires import INSTRUMENTS, instrument, presentation
from backactive.questionnaires import selectors as questionnaire_selectors
from backactive.questionnaires.models import Source

from . import access, notify, selectors, services
from .models import Enrolment, WithdrawalReason


def _date(raw: str | None, default: dt.date | None = None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw or "")
    except ValueError:
        return default


@staff_view
def patient_questionnaires(request: StaffRequest, patient_id: int) -> HttpResponse:
    """Everything questionnaire about one patient: studies and schedules with what is due, every
    stored questionnaire, and recording one now."""
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    today = timezone.localdate()
    enrolments = Enrolment.objects.filter(patient=patient).select_related("study", "arm", "schedule")
    enrolled = {e.study_id for e in enrolments}
    return render(
        request,
        "studies/patient.html",
        {
            "patient": patient,
            "today": today,
            "enrolments": enrolments,
            "rows": selectors.rows_for_patient(patient, today),
            "responses": questionnaire_selectors.responses_for_patient(patient),
            "open_studies": [s for s in access.studies_for_practice(request.user) if s.pk not in enrolled],
            "open_schedules": access.schedules_for_practice(request.user).exclude(enrolments__patient=patient),
            "instruments": [(code, instrument(code).title.get(lang())) for code in sorted(INSTRUMENTS)],
            "reasons": WithdrawalReason.choices,
            "can_remind": notify.can_remind(patient),
        },
    )


@staff_view
@once
def enrol(request: StaffRequest, patient_id: int, study_id: int) -> HttpResponse:
    """Enrol with research consent: the study's own text is shown; its version is sent along, so a
    text changed meanwhile is not consented to unseen."""
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    study = access.studies_for_practice(request.user).filter(pk=study_id).first()
    if study is None:
        raise denied(request.user, "studies.study", study_id)
    if request.method == "POST":
        try:
            services.enrolment_create(
                patient=patient,
                study=study,
                by=request.user,
                consent_given=request.POST.get("consent") == "on",
                start_date=_date(request.POST.get("start_date"), timezone.localdate()),
                shown_consent_version=request.POST.get("consent_version", ""),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Enrolled. The questionnaires of the first time point are due now."))
            return redirect("studies:patient", patient_id=patient.pk)
    return render(
        request,
        "studies/enrol.html",
        {
            "patient": patient,
            "study": study,
            "version": services.consent_version(study.consent_text),
            "today": timezone.localdate(),
        },
    )


@staff_view
def withdraw(request: StaffRequest, patient_id: int, enrolment_id: int) -> HttpResponse:
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    if request.method != "POST":  # after the access check: denied is 404 for GET too
        return HttpResponseNotAllowed(["POST"])
    enrolment = access.get_enrolment_for_user(request.user, patient, enrolment_id)
    try:
        services.enrolment_withdraw(enrolment=enrolment, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Recorded. What was answered stays in the study."))
    return redirect("studies:patient", patient_id=patient.pk)


@staff_view
@once
def assessment_enter(request: StaffRequest, assessment_id: int) -> HttpResponse:
    """Fast entry of a paper form (or in the consultation): every question on one screen."""
    assessment = access.get_assessment_for_user(request.user, assessment_id)
    code = assessment.instrument
    current = questionnaire_selectors.current_answers(assessment.response) if assessment.response else {}
    questions = presentation.for_staff(instrument(code), lang(), current)
    errors: dict[str, list[str]] = {}
    source = request.POST.get("source", Source.PAPER)
    if request.method == "POST":
        answers = presentation.parse(questions, request.POST)
        try:
            day = _date(request.POST.get("answered_on"))
            if day is None or source not in (Source.PAPER, Source.CONSULTATION):
                raise ValidationError({"answered_on": _("Please give the date it was answered.")})
            services.assessment_enter(
                assessment=assessment, answers=answers, user=request.user, source=source, answered_on=day, lang=lang()
            )
        except ValidationError as exc:
            errors = exc.message_dict
            questions = presentation.for_staff(
                instrument(code), lang(), {k: v for k, v in answers.items() if isinstance(v, int)}
            )
        else:
            messages.success(request, _("Saved."))
            if request.POST.get("then") == "worklist":
                return redirect("studies:worklist")
            return redirect("studies:patient", patient_id=assessment.enrolment.patient_id)
    return render(
        request,
        "studies/enter.html",
        {
            "assessment": assessment,
            "patient": assessment.enrolment.patient,
            "instrument": instrument(code),
            "title": instrument(code).title.get(lang()),
            "questions": questions,
            "errors": errors,
            "source": source,
            "today": timezone.localdate(),
            "answered_on": request.POST.get("answered_on", timezone.localdate().isoformat()),
            "then": request.GET.get("then") or request.POST.get("then", ""),
        },
    )


@staff_view
def assessment_paper(request: StaffRequest, assessment_id: int) -> HttpResponse:
    """The paper form to print: the instrument's own wording where it may be printed, else the
    note to use the licensed form; our labels and boxes for the numbers in every case."""
    assessment = access.get_assessment_for_user(request.user, assessment_id)
    code, language = assessment.instrument, lang()
    inst = instrument(code)
    questions = (
        presentation.for_patient(inst, language, {})
        if inst.has_text(language)
        else presentation.for_staff(inst, language, {})
    )
    return render(
        request,
        "studies/paper.html",
        {
            "assessment": assessment,
            "instrument": inst,
            "title": inst.title.get(language),
            "questions": questions,
            "has_text": inst.has_text(language),
            "recall": inst.recall.get(language, ""),
            "patient": assessment.enrolment.patient,
        },
    )


@staff_view
@once
def assessment_remind(request: StaffRequest, assessment_id: int) -> HttpResponse:
    assessment = access.get_assessment_for_user(request.user, assessment_id)
    if request.method != "POST":  # after the access check: denied is 404 for GET too
        return HttpResponseNotAllowed(["POST"])
    if notify.assessment_remind(assessment=assessment):
        messages.success(request, _("Reminder sent by e-mail."))
    else:
        messages.error(request, _("No reminder sent: the patient has not asked for e-mail reminders."))
    return redirect("studies:worklist")


@staff_view
def worklist(request: StaffRequest) -> HttpResponse:
    """Due, overdue and missing questionnaires of the practice's patients, and positive screens."""
    today = timezone.localdate()
    visits = selectors.worklist(request.user.practice, today)  # type: ignore[arg-type]
    reminders = {v.enrolment.patient_id: notify.can_remind(v.enrolment.patient) for v in visits}
    return render(
        request,
        "studies/worklist.html",
        {
            "visits": visits,
            "today": today,
            "patients": len(reminders),
            "can_remind": {pid for pid, ok in reminders.items() if ok},
            "alerts": questionnaire_selectors.open_alerts_for_practice(request.user.practice_id or 0),
        },
    )
