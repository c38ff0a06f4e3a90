"""Reads for the job page: what the worker's scheduler does and when, for the practice to see.
Scheduled work serves every practice at once; the page shows when it ran and how it ended, never
its counts (those are about all practices)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import JobStatus, ScheduleRun
from .registry import kinds, schedules
from .timing import DailyAt, Every, Timing


@dataclass(frozen=True)
class ScheduleState:
    label: str
    timing: str
    last_slot: dt.datetime | None
    last_status: str  # a JobStatus value, or "" before the first run
    last_status_display: str
    next_slot: dt.datetime


def _timing_text(timing: Timing) -> str:
    if isinstance(timing, DailyAt):
        return _("daily at %(time)s") % {"time": timing.at.strftime("%H:%M")}
    assert isinstance(timing, Every)
    minutes = int(timing.period.total_seconds() // 60)
    if minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("every hour", "every %(n)s hours", hours) % {"n": hours}
    return ngettext("every minute", "every %(n)s minutes", minutes) % {"n": minutes}


def schedule_states(*, now: dt.datetime | None = None) -> list[ScheduleState]:
    """Every schedule with its latest started slot, how that run stands, and the next slot."""
    now = now or timezone.now()
    tz = timezone.get_default_timezone()
    labels = kinds()
    states = []
    for schedule in sorted(schedules().values(), key=lambda s: s.name):
        last = ScheduleRun.objects.filter(schedule=schedule.name).select_related("job").first()
        status = last.job.status if last is not None and last.job is not None else ""
        states.append(ScheduleState(
            label=str(labels[schedule.kind].label) if schedule.kind in labels else schedule.name,
            timing=_timing_text(schedule.timing),
            last_slot=last.slot if last is not None else None,
            last_status=status,
            last_status_display=str(JobStatus(status).label) if status else "",
            next_slot=schedule.timing.following(schedule.timing.latest(now, tz), tz),
        ))  # fmt: skip
    return states
