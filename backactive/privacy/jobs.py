"""The retention purge as scheduled work: every night at 03:00 (local time) the worker erases
the records whose retention has ended (``services.retention_purge``; a second run erases
nothing more, so a night the worker missed is simply caught up when it comes back)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backactive.jobs.models import Job
from backactive.jobs.progress import Progress
from backactive.jobs.registry import JobKind, Schedule, register, register_schedule
from backactive.jobs.timing import DailyAt

from .services import retention_purge

JOB_KIND = "privacy.purge"


def _run(job: Job, progress: Progress) -> dict[str, Any]:
    erased = retention_purge()
    return {"erased": erased, "message": _("Records erased: %(count)s.") % {"count": erased}}


register(JobKind(JOB_KIND, gettext_lazy("Erasing records whose retention has ended"), run=_run))
register_schedule(Schedule(JOB_KIND, kind=JOB_KIND, timing=DailyAt(dt.time(3, 0))))
