"""Every write to jobs: start one (with the files it needs), run it (the worker's side), retry
it later.

``job_start`` is what an app calls from a view or a command; the task framework then calls
``job_run`` in the worker (``backactive worker``), or at once in the same process where the
settings choose the immediate backend (the test suite; ``TASKS_IMMEDIATE=1`` locally).
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backactive.accounts.models import Practice, User
from backactive.ops.health import WORKER_WITHIN, worker_name
from backactive.ops.models import WorkerHeartbeat

from .models import Job, JobFile, JobStatus
from .progress import Progress
from .registry import RetryLater, UserFacingError, kind_for

logger = logging.getLogger(__name__)


def job_start(
    *,
    kind: str,
    practice: Practice | None = None,
    user: User | None = None,
    params: dict[str, Any] | None = None,
    total: int | None = None,
    run_after: dt.datetime | None = None,
    files: dict[str, Iterable[bytes]] | None = None,
) -> Job:
    """Record a job and queue it. ``params`` must be JSON-able (ids, names), never patient data.
    ``files`` (name -> the file's bytes in pieces) are stored with the job in the database, in the
    transaction that queues it: a worker on any machine finds them (``job_file``)."""
    kind_for(kind)  # an unknown kind fails here, in the caller, not later in the worker
    language = translation.get_language() or "de"
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind, practice=practice, created_by=user, params={**(params or {}), "lang": language}, total=total
        )
        for name, pieces in (files or {}).items():
            _store_file(job, name, pieces)
        if not _runs_at_once():
            _enqueue(job, run_after)
    if _runs_at_once():  # the immediate backend: the job runs now, after its files are committed
        _enqueue(job, run_after)
    job.refresh_from_db()
    return job


def _runs_at_once() -> bool:
    from .tasks import run_job

    return not run_job.get_backend().supports_defer


def _store_file(job: Job, name: str, pieces: Iterable[bytes]) -> None:
    buffer, part = bytearray(), 0
    for piece in pieces:
        buffer += piece
        while len(buffer) >= JobFile.PART_BYTES:
            JobFile.objects.create(job=job, name=name, part=part, data=bytes(buffer[: JobFile.PART_BYTES]))
            del buffer[: JobFile.PART_BYTES]
            part += 1
    if buffer or part == 0:
        JobFile.objects.create(job=job, name=name, part=part, data=bytes(buffer))


@contextmanager
def job_file(job: Job, name: str) -> Iterator[Path]:
    """The job's stored file ``name`` as a path on this machine (for readers that need one, such
    as osmium), in a temporary folder that is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="backactive-job-") as folder:
        path = Path(folder) / (Path(name).name or "file")
        with path.open("wb") as fh:
            for part in JobFile.objects.filter(job=job, name=name).order_by("part").values_list("data", flat=True):
                fh.write(part)
        yield path


def _enqueue(job: Job, run_after: dt.datetime | None) -> None:
    from .tasks import run_job  # the task module imports this one

    if run_after is not None and not run_job.get_backend().supports_defer:
        # The immediate backend (tests, TASKS_IMMEDIATE) cannot run later: the job stays queued
        # until something runs it again (``job_run``), rather than running at once in a loop.
        return
    task = run_job.using(run_after=run_after) if run_after else run_job
    result = task.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


def _finish(job: Job, status: str, *, message: str = "", result: dict[str, Any] | None = None) -> None:
    job.status = status
    job.message = message
    job.result = result or {}
    job.finished_at = timezone.now()
    if status == JobStatus.SUCCEEDED and job.total is not None:
        job.done = job.total
    job.save(update_fields=["status", "message", "result", "finished_at", "done", "updated_at"])
    JobFile.objects.filter(job=job).delete()  # what it worked on is not needed any more


def job_run(*, job_id: int) -> Job | None:
    """Run a queued job once (the task's body). A job that is gone or already finished is left
    alone, so a task delivered twice does the work once."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.is_finished:
        return job
    kind = kind_for(job.kind)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), updated_at=timezone.now(), attempts=F("attempts") + 1,
        worker=worker_name(),
    )
    job.refresh_from_db()
    with translation.override(job.params.get("lang") or "de"):
        try:
            result = kind.run(job, Progress(job))
        except RetryLater as wait:
            job.message = wait.message
            job.save(update_fields=["message", "updated_at"])
            job_retry_later(job=job, seconds=wait.seconds)
        except UserFacingError as exc:
            _finish(job, JobStatus.FAILED, message=str(exc))
        except Exception:
            # Details (which may name a file or a value) go to the log, not to the page.
            logger.exception("job %s (%s) failed on attempt %s", job.pk, job.kind, job.attempts)
            if job.attempts < kind.max_attempts:
                job_retry_later(job=job, seconds=kind.retry_delay_seconds)
            else:
                _finish(job, JobStatus.FAILED, message=_("Something went wrong. The practice's IT has the details."))
            raise
        else:
            _finish(job, JobStatus.SUCCEEDED, message=str(result.pop("message", "")), result=result)
    return job


def job_retry_later(*, job: Job, seconds: int) -> Job:
    """Queue the job again after ``seconds`` (a failed attempt of a kind with ``max_attempts`` > 1,
    or work that has to wait, such as a GDT file the practice system has not read yet)."""
    job.status = JobStatus.QUEUED
    job.save(update_fields=["status", "updated_at"])
    _enqueue(job, timezone.now() + dt.timedelta(seconds=seconds))
    return job


def job_abandoned_fail(*, now: dt.datetime | None = None) -> list[Job]:
    """Fail the jobs shown as running whose worker has not beaten for ``WORKER_WITHIN`` (it was
    killed, or its machine went away): django-tasks-db hands such work to no one else. What
    they did so far stays (imports commit chunk by chunk and continue when run again; GDT
    results stay pending and the outbox sweep starts a new job for them)."""
    now = now or timezone.now()
    alive = WorkerHeartbeat.objects.filter(seen_at__gte=now - WORKER_WITHIN).values("name")
    abandoned = list(
        Job.objects.filter(status=JobStatus.RUNNING, updated_at__lt=now - WORKER_WITHIN).exclude(worker__in=alive)
    )
    for job in abandoned:
        with translation.override(job.params.get("lang") or "de"):
            message = _("The background worker stopped while this job ran. Start it again if it is still needed.")
        _finish(job, JobStatus.FAILED, message=message)
        logger.warning("job %s (%s) failed: its worker %r stopped beating", job.pk, job.kind, job.worker)
    return abandoned
