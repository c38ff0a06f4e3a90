"""The worker's scheduler: each registered schedule's due slot is started as a job, once, with no
cron. ``schedule_tick(now=…)`` is the whole decision (tests give it their own clock);
``Scheduler`` is the thread beside ``backactive worker`` that calls it every ``EVERY`` seconds,
after failing the jobs whose worker stopped beating (``job_abandoned_fail``).

"Once" holds across restarts and any number of workers on one database: a slot is claimed by
inserting its ``ScheduleRun`` row, and the job is queued in the same transaction. The unique
constraint (schedule, slot) lets exactly one insert win, on SQLite (whose writers queue) and on
PostgreSQL (the second insert waits for the first and then fails), and a worker killed during
the claim leaves neither the row nor the job, so the next tick claims the slot again.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from django.db import IntegrityError, close_old_connections, connections, transaction
from django.utils import timezone

from .models import Job, ScheduleRun
from .registry import Schedule, schedules
from .services import job_abandoned_fail, job_start
from .timing import due_slot

logger = logging.getLogger(__name__)

EVERY = 15.0  # seconds between ticks; a slot starts at most this late


def schedule_tick(*, now: dt.datetime | None = None) -> list[Job]:
    """Start every schedule's due slot that no worker has started yet; returns the jobs started."""
    now = now or timezone.now()
    tz = timezone.get_default_timezone()
    started = []
    for schedule in schedules().values():
        slot = due_slot(schedule.timing, now=now, tz=tz, catch_up=schedule.catch_up)
        if slot is None or _started(schedule, slot):
            continue
        job = _claim(schedule, slot)
        if job is not None:
            started.append(job)
    return started


def _started(schedule: Schedule, slot: dt.datetime) -> bool:
    # A cheap look first; the claim's unique constraint is what decides when two look at once.
    return ScheduleRun.objects.filter(schedule=schedule.name, slot=slot).exists()


def _claim(schedule: Schedule, slot: dt.datetime) -> Job | None:
    try:
        with transaction.atomic():
            run = ScheduleRun.objects.create(schedule=schedule.name, slot=slot)
            job = job_start(kind=schedule.kind, params={"schedule": schedule.name, "slot": slot.isoformat()})
            ScheduleRun.objects.filter(pk=run.pk).update(job=job)
    except IntegrityError:
        logger.info("schedule %s slot %s was started by another worker", schedule.name, slot.isoformat())
        return None
    logger.info("schedule %s slot %s started as job %s", schedule.name, slot.isoformat(), job.pk)
    return job


class Scheduler:
    """Ticks in a thread of its own (with its own database connection) until ``stop``."""

    def __init__(self, *, every: float = EVERY, clock: Callable[[], dt.datetime] = timezone.now) -> None:
        self.every = every
        self.clock = clock
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="worker-scheduler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def tick(self) -> list[Job]:
        now = self.clock()
        job_abandoned_fail(now=now)  # first, so a sweep in this tick can start their work again
        return schedule_tick(now=now)

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                close_old_connections()
                try:
                    self.tick()
                except Exception:  # the database is away for a moment: the slot is still due next time
                    logger.warning("scheduler tick failed", exc_info=True)
                    connections.close_all()
                self._stop.wait(self.every)
        finally:
            connections.close_all()  # this thread's own connection

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.every + 30)
