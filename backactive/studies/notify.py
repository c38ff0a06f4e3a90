"""Reminders about due questionnaires, for patients who asked for e-mail reminders (opt-in only,
as every reminder in BackActive): the daily job and the worklist's one-click reminder.

The job is idempotent per assessment and week: ``last_reminded_at`` is set in the same
transaction as the send, and an assessment reminded in the last 7 days is not reminded again."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backactive.patients.models import Patient
from backactive.questionnaires import instrument
from backactive.reminders.models import PatientSettings

from . import timeline
from .models import Assessment
from .selectors import due_for_patient

log = logging.getLogger(__name__)
AGAIN_AFTER = dt.timedelta(days=7)


@dataclass(frozen=True)
class JobResult:
    patients: int
    sent: int
    failed: int


def _address(patient: Patient) -> tuple[str, str] | None:
    """The e-mail address and language of a patient who opted in to e-mail reminders, else None."""
    own = PatientSettings.objects.filter(patient=patient, email_enabled=True).first()
    user = patient.user
    if own is None or user is None or not user.is_active or not user.email:
        return None
    return user.email, own.lang


def _message(titles: list[str], lang: str) -> tuple[str, str]:
    with translation.override(lang):
        subject = _("A questionnaire is waiting for you")
        body = ngettext(
            "Hello,\n\nthis questionnaire is ready for you in BackActive:\n%(list)s\n\n",
            "Hello,\n\nthese questionnaires are ready for you in BackActive:\n%(list)s\n\n",
            len(titles),
        ) % {"list": "\n".join(f"- {t}" for t in titles)}
        body += _(
            "It takes a few minutes, and you can stop and carry on later. Your answers help your practice "
            "and the study.\n\nYou can change or switch off these e-mails in your settings in BackActive.\n"
        )
    return subject, body


def _send(patient: Patient, assessments: list[Assessment]) -> bool:
    found = _address(patient)
    if found is None or not assessments:
        return False
    address, lang = found
    titles = [instrument(a.instrument).title.get(lang) for a in assessments]
    subject, body = _message(titles, lang)
    with transaction.atomic():
        Assessment.objects.filter(pk__in=[a.pk for a in assessments]).update(last_reminded_at=timezone.now())
        send_mail(subject, body, None, [address])
    return True


def can_remind(patient: Patient) -> bool:
    return _address(patient) is not None


def assessment_remind(*, assessment: Assessment) -> bool:
    """The worklist's button: remind now (only a patient who opted in to e-mail reminders).
    All of the patient's open questionnaires go into the one e-mail."""
    patient = assessment.enrolment.patient
    rows = due_for_patient(patient, timezone.localdate())
    others = [r.assessment for r in rows if r.assessment.pk != assessment.pk]
    return _send(patient, [assessment, *others])


def reminders_send(*, today: dt.date | None = None) -> JobResult:
    """The daily job (``backactive send_questionnaire_reminders``)."""
    today = today or timezone.localdate()
    now = timezone.now()
    patients = sent = failed = 0
    opted = PatientSettings.objects.filter(email_enabled=True).values_list("patient_id", flat=True)
    for patient in Patient.objects.filter(pk__in=opted).select_related("user"):
        rows = [r for r in due_for_patient(patient, today) if r.state in timeline.OPEN]
        waiting = [
            r.assessment
            for r in rows
            if r.assessment.last_reminded_at is None or now - r.assessment.last_reminded_at >= AGAIN_AFTER
        ]
        if not waiting:
            continue
        patients += 1
        try:
            sent += _send(patient, waiting)
        except Exception:  # a mail server error must not stop the others; the next run retries
            failed += 1
            log.exception("questionnaire reminder failed for patient id %s", patient.pk)
    return JobResult(patients=patients, sent=sent, failed=failed)
