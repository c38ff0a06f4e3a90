"""Questionnaire reminders as scheduled work: the worker e-mails the patients who opted in about
their due questionnaires once a day, at the same time as the plan reminders
(``settings.REMINDER_EMAIL_TIME``); a day no worker ran by four hours later is skipped rather than
e-mailing in the night. Sending is idempotent per questionnaire and week (see ``notify``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backactive.jobs.models import Job
from backactive.jobs.progress import Progress
from backactive.jobs.registry import JobKind, Schedule, register, register_schedule
from backactive.jobs.timing import DailyAt

from .notify import reminders_send

JOB_KIND = "studies.questionnaire_reminders"


def _run(job: Job, progress: Progress) -> dict[str, Any]:
    result = reminders_send()
    message = _("E-mails sent: %(sent)s, failed: %(failed)s.") % {"sent": result.sent, "failed": result.failed}
    return {"patients": result.patients, "sent": result.sent, "failed": result.failed, "message": message}


register(JobKind(JOB_KIND, gettext_lazy("Questionnaire reminders"), run=_run))
register_schedule(
    Schedule(JOB_KIND, kind=JOB_KIND, timing=DailyAt(settings.REMINDER_EMAIL_TIME), catch_up=dt.timedelta(hours=4))
)
