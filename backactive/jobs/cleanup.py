"""The job tables' own housekeeping, a scheduled job like any other: finished jobs are kept for
``KEEP_JOBS`` (the job page's history), the task framework's queue rows for ``KEEP_TASKS``, and
schedule slots for ``KEEP_SLOTS`` (the newest slot of each schedule always stays: it is what
tells the scheduler that the slot ran)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_tasks_db.models import DBTaskResult

from .models import Job, JobStatus, ScheduleRun
from .progress import Progress
from .registry import JobKind, Schedule, register, register_schedule
from .timing import DailyAt

JOB_KIND = "jobs.prune"
KEEP_JOBS = dt.timedelta(days=90)
KEEP_TASKS = dt.timedelta(days=14)
KEEP_SLOTS = dt.timedelta(days=30)


def jobs_prune(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete what is older than its keeping time; returns how many rows of each."""
    now = now or timezone.now()
    jobs, _ = Job.objects.filter(
        status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED], finished_at__lt=now - KEEP_JOBS
    ).delete()
    tasks, _ = DBTaskResult.objects.finished().filter(finished_at__lt=now - KEEP_TASKS).delete()
    slots = 0
    for newest in ScheduleRun.objects.values("schedule").annotate(newest=Max("slot")):
        slots += ScheduleRun.objects.filter(
            schedule=newest["schedule"], slot__lt=min(newest["newest"], now - KEEP_SLOTS)
        ).delete()[0]
    return {"jobs": jobs, "tasks": tasks, "slots": slots}


def _run(job: Job, progress: Progress) -> dict[str, Any]:
    return jobs_prune()


register(JobKind(JOB_KIND, gettext_lazy("Removing old job records"), run=_run))
register_schedule(Schedule(JOB_KIND, kind=JOB_KIND, timing=DailyAt(dt.time(4, 15))))
