"""The scheduler starts each slot of a schedule once: again and again within the slot, after a
restart, and when two workers find the slot due at the same moment. A claim that fails half-way
leaves nothing behind, so the slot is started on the next tick. The clock is given; nothing
sleeps. The schedules here exist only for these tests (the real ones: test_scheduled_work.py)."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from backactive.jobs import registry, scheduler
from backactive.jobs.models import Job, JobStatus, ScheduleRun
from backactive.jobs.scheduler import Scheduler, schedule_tick
from backactive.jobs.services import job_start
from backactive.jobs.timing import DailyAt, Every

pytestmark = pytest.mark.django_db

RUNS: list[int] = []


def _work(job: Job, progress: Any) -> dict[str, Any]:
    RUNS.append(job.pk)
    return {}


registry.register(registry.JobKind("test.scheduled", "Scheduled test work", run=_work))
EVERY_5 = registry.Schedule("test.every5", kind="test.scheduled", timing=Every(dt.timedelta(minutes=5)))
EVENING = registry.Schedule("test.evening", kind="test.scheduled", timing=DailyAt(dt.time(17)),
                            catch_up=dt.timedelta(hours=4))  # fmt: skip
T0 = dt.datetime(2026, 11, 27, 10, 0, 20, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def only(monkeypatch: pytest.MonkeyPatch) -> Any:
    def use(*schedules: registry.Schedule) -> None:
        monkeypatch.setattr(registry, "_SCHEDULES", {s.name: s for s in schedules})

    RUNS.clear()
    use(EVERY_5)
    return use


def test_a_due_slot_is_started_once_and_the_next_slot_again() -> None:
    [job] = schedule_tick(now=T0)
    assert job.kind == "test.scheduled" and job.status == JobStatus.SUCCEEDED and [job.pk] == RUNS
    assert job.params["schedule"] == "test.every5" and job.practice is None
    assert schedule_tick(now=T0 + dt.timedelta(seconds=15)) == []
    assert schedule_tick(now=T0 + dt.timedelta(minutes=4, seconds=39)) == []
    [following] = schedule_tick(now=T0 + dt.timedelta(minutes=5))
    run = ScheduleRun.objects.get(job=following)
    assert run.slot == dt.datetime(2026, 11, 27, 10, 5, tzinfo=dt.UTC) and len(RUNS) == 2


def test_a_restarted_worker_does_not_start_the_slot_again() -> None:
    clock = iter([T0, T0 + dt.timedelta(seconds=30)])
    assert len(Scheduler(clock=lambda: next(clock)).tick()) == 1
    assert Scheduler(clock=lambda: next(clock)).tick() == []  # a new process: only the database remembers
    assert Job.objects.count() == 1


def test_two_workers_that_find_a_slot_due_at_once_start_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    [first] = schedule_tick(now=T0)
    # The second worker looked before the first had committed: the look says "not started".
    monkeypatch.setattr(scheduler, "_started", lambda schedule, slot: False)
    assert schedule_tick(now=T0 + dt.timedelta(seconds=1)) == []
    assert list(Job.objects.values_list("pk", flat=True)) == [first.pk] and [first.pk] == RUNS
    assert ScheduleRun.objects.count() == 1


def test_the_database_refuses_a_second_row_for_a_slot() -> None:
    ScheduleRun.objects.create(schedule="test.every5", slot=T0)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduleRun.objects.create(schedule="test.every5", slot=T0)


def test_a_claim_that_fails_half_way_leaves_the_slot_due(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def failing_once(**kwargs: Any) -> Job:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the database went away")
        return job_start(**kwargs)

    monkeypatch.setattr(scheduler, "job_start", failing_once)
    with pytest.raises(RuntimeError):
        schedule_tick(now=T0)
    assert not ScheduleRun.objects.exists() and not Job.objects.exists()
    assert len(schedule_tick(now=T0 + dt.timedelta(seconds=15))) == 1


def test_evening_work_missed_by_hours_waits_for_the_next_evening(only: Any) -> None:
    only(EVENING)
    berlin = dt.timezone(dt.timedelta(hours=1))  # November: Berlin is UTC+1
    assert schedule_tick(now=dt.datetime(2026, 11, 27, 16, 59, tzinfo=berlin)) == []  # yesterday's slot: too late
    assert len(schedule_tick(now=dt.datetime(2026, 11, 27, 17, 0, 5, tzinfo=berlin))) == 1
    assert schedule_tick(now=dt.datetime(2026, 11, 27, 20, 0, tzinfo=berlin)) == []
    # No worker ran on the 28th until 22:00: that evening is skipped, the next one is not.
    assert schedule_tick(now=dt.datetime(2026, 11, 28, 22, 0, tzinfo=berlin)) == []
    assert len(schedule_tick(now=dt.datetime(2026, 11, 29, 17, 1, tzinfo=berlin))) == 1


def test_the_scheduler_thread_ticks_until_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    ticked = threading.Event()
    seen: list[dt.datetime] = []

    def tick(*, now: dt.datetime) -> list[Job]:
        seen.append(now)
        if len(seen) == 3:
            ticked.set()
        return []

    # The thread would open a connection of its own, outside the test's transaction: the tick is
    # replaced, and the thread is checked for its loop only.
    monkeypatch.setattr(scheduler, "schedule_tick", tick)
    monkeypatch.setattr(scheduler, "job_abandoned_fail", lambda *, now: [])
    worker = Scheduler(every=0.01, clock=lambda: T0)
    worker.start()
    assert ticked.wait(timeout=30)
    worker.stop()
    assert not worker._thread.is_alive() and seen[:3] == [T0, T0, T0]


def test_a_job_whose_worker_stopped_beating_is_failed_not_left_running(monkeypatch: pytest.MonkeyPatch) -> None:
    from backactive.ops.health import heartbeat_beat

    monkeypatch.setattr(registry, "_SCHEDULES", {})
    started = T0 - dt.timedelta(minutes=5)
    heartbeat_beat(name="alive:2", started_at=started, now=T0 - dt.timedelta(seconds=20))
    heartbeat_beat(name="killed:1", started_at=started, now=T0 - dt.timedelta(minutes=3))
    jobs = {name: job_start(kind="test.scheduled") for name in ("killed", "alive", "just started")}
    Job.objects.filter(pk__in=[j.pk for j in jobs.values()]).update(status=JobStatus.RUNNING, updated_at=started)
    Job.objects.filter(pk=jobs["killed"].pk).update(worker="killed:1")
    Job.objects.filter(pk=jobs["alive"].pk).update(worker="alive:2")
    Job.objects.filter(pk=jobs["just started"].pk).update(worker="killed:1", updated_at=T0 - dt.timedelta(seconds=5))
    assert [job.pk for job in Scheduler(clock=lambda: T0).tick()] == []
    status = dict(Job.objects.values_list("pk", "status"))
    assert status[jobs["killed"].pk] == JobStatus.FAILED
    assert status[jobs["alive"].pk] == status[jobs["just started"].pk] == JobStatus.RUNNING
    assert Job.objects.get(pk=jobs["killed"].pk).message and Job.objects.get(pk=jobs["killed"].pk).finished_at
