"""Reminder e-mails as scheduled work: the worker sends the due ones every day at
``settings.REMINDER_EMAIL_TIME`` (local time). A day on which no worker ran by four hours later
is skipped rather than e-mailing patients in the night; the reminders stay due and go out on
the next day. E-mails that failed (the mail server was away) are tried again half an hour later,
twice; each message still goes out once (see ``sending``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backactive.jobs.models import Job
from backactive.jobs.progress import Progress
from backactive.jobs.registry import JobKind, RetryLater, Schedule, register, register_schedule
from backactive.jobs.timing import DailyAt

from .sending import send_due_reminders

JOB_KIND = "reminders.email"
RETRY_SECONDS = 30 * 60
ATTEMPTS = 3


def _run(job: Job, progress: Progress) -> dict[str, Any]:
    result = send_due_reminders()
    if result.failed and job.attempts < ATTEMPTS:
        raise RetryLater(RETRY_SECONDS, _("E-mails not sent yet: %(failed)s.") % {"failed": result.failed})
    message = _("E-mails sent: %(sent)s, failed: %(failed)s.") % {"sent": result.sent, "failed": result.failed}
    return {"checked": result.checked, "sent": result.sent, "failed": result.failed, "message": message}


register(JobKind(JOB_KIND, gettext_lazy("Reminder e-mails"), run=_run))
register_schedule(
    Schedule(JOB_KIND, kind=JOB_KIND, timing=DailyAt(settings.REMINDER_EMAIL_TIME), catch_up=dt.timedelta(hours=4))
)
