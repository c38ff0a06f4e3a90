"""Kinds of background work. An app registers each kind once (in its ``AppConfig.ready``):

    register(JobKind("offers.import", _("Import of offers"), run=offers_import_job))

``run(job, progress)`` does the work and returns the result (a JSON-able dict stored on the job);
it reports progress through ``progress``; an ``UserFacingError`` it raises becomes the message the
job page shows, any other exception a generic one (details go to the log, not to the page);
``RetryLater(seconds)`` queues the job again without counting a failure.

Work that is due on a clock is a kind plus a schedule; the worker's scheduler starts it:

    register_schedule(Schedule("privacy.purge", kind="privacy.purge", timing=DailyAt(dt.time(3))))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

from .timing import Timing

if TYPE_CHECKING:
    from .models import Job
    from .progress import Progress


class UserFacingError(Exception):
    """A failure whose message is meant for the person who started the job (e.g. "the file has
    more than 200,000 rows"). The message should already be translated."""


class RetryLater(Exception):
    """Raised by a job's work that cannot finish yet (e.g. the practice system has not taken the
    previous GDT file): the job is queued again and runs after ``seconds``; not a failure."""

    def __init__(self, seconds: int, message: str = "") -> None:
        super().__init__(message)
        self.seconds = seconds
        self.message = message


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str | Promise
    run: Callable[[Job, Progress], dict[str, Any]]
    # Where the finished job's result is shown: a function of the job returning a URL, or None.
    result_url: Callable[[Job], str | None] | None = None
    # A failed run is tried again this many times by the runner (e.g. a GDT file that is locked).
    max_attempts: int = 1
    retry_delay_seconds: int = 60


_KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    if kind.name in _KINDS and _KINDS[kind.name] != kind:
        raise ValueError(f"job kind {kind.name!r} is registered twice")
    _KINDS[kind.name] = kind
    return kind


def kind_for(name: str) -> JobKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise LookupError(f"unknown job kind {name!r}") from None


def kinds() -> dict[str, JobKind]:
    return dict(_KINDS)


@dataclass(frozen=True)
class Schedule:
    """Work started by the worker's scheduler on a clock: a job of ``kind`` (practice-wide, with no
    parameters) at every slot of ``timing``. A slot missed by more than ``catch_up`` (no worker
    ran) is skipped; None starts the latest missed slot however late."""

    name: str
    kind: str
    timing: Timing
    catch_up: dt.timedelta | None = None


_SCHEDULES: dict[str, Schedule] = {}


def register_schedule(schedule: Schedule) -> Schedule:
    if schedule.name in _SCHEDULES and _SCHEDULES[schedule.name] != schedule:
        raise ValueError(f"schedule {schedule.name!r} is registered twice")
    _SCHEDULES[schedule.name] = schedule
    return schedule


def schedules() -> dict[str, Schedule]:
    return dict(_SCHEDULES)
