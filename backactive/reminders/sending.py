"""The e-mail reminder job: find patients who asked for e-mail reminders and have a message due,
send it through Django's e-mail backend, and remember it, so running the job again (by cron, by
hand, twice by mistake) sends nothing more.

Idempotence: the ReminderSent row is written in the same transaction as the send; its unique
constraint (patient, kind, gap_start) lets only one run win, and a failed send rolls the row back
so the next run tries again."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backactive.diary.models import ActivityEntry, PainEntry

from .models import PatientSettings, ReminderSent
from .schedule import Due, due_reminder

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobResult:
    checked: int
    sent: int
    failed: int


def _last_entry(patient_id: int) -> dt.date | None:
    dates = [
        PainEntry.objects.filter(patient_id=patient_id).aggregate(d=Max("date"))["d"],
        ActivityEntry.objects.filter(patient_id=patient_id).aggregate(d=Max("date"))["d"],
    ]
    found = [d for d in dates if d is not None]
    return max(found) if found else None


def _message(due: Due, lang: str) -> tuple[str, str]:
    with translation.override(lang):
        if due.kind == "restart":
            subject = _("Starting again is easy")
            body = _(
                "Hello,\n\nit has been a while since your last diary entry. Breaks happen to everyone, "
                "and pain or a busy time are good reasons. Whenever you are ready, start again small: "
                "a short walk or one exercise from your plan is a good beginning.\n\n"
                "You can change or switch off these e-mails in your settings in BackActive.\n"
            )
        else:
            subject = _("A small reminder from BackActive")
            body = _(
                "Hello,\n\nyou asked us to remind you when nothing was entered for %(days)s days. "
                "How are you getting on? Entering today's pain and activity takes only a moment.\n\n"
                "You can change or switch off these e-mails in your settings in BackActive.\n"
            ) % {"days": due.days}
    return subject, body


def send_due_reminders(*, today: dt.date | None = None) -> JobResult:
    today = today or timezone.localdate()
    checked = sent = failed = 0
    candidates = PatientSettings.objects.filter(email_enabled=True, patient__user__is_active=True).select_related(
        "patient__user"
    )
    for settings in candidates:
        address = settings.patient.user.email if settings.patient.user else ""
        if not address:
            continue
        checked += 1
        done = set(ReminderSent.objects.filter(patient_id=settings.patient_id).values_list("kind", "gap_start"))
        due = due_reminder(
            last_entry=_last_entry(settings.patient_id),
            enabled_on=settings.email_enabled_on or today,
            after_days=settings.email_after_days,
            today=today,
            sent=done,
        )
        if due is None:
            continue
        subject, body = _message(due, settings.patient.language)  # the patient's language, as on their pages
        try:
            with transaction.atomic():
                ReminderSent.objects.create(patient_id=settings.patient_id, kind=due.kind, gap_start=due.gap_start)
                send_mail(subject, body, None, [address])
        except IntegrityError:
            continue  # another run sent it a moment ago
        except Exception:  # a mail server error must not stop the others; the next run retries
            failed += 1
            log.exception("reminder e-mail failed for patient id %s", settings.patient_id)
            continue
        sent += 1
        log.info("reminder %s sent to patient id %s", due.kind, settings.patient_id)
    return JobResult(checked=checked, sent=sent, failed=failed)
