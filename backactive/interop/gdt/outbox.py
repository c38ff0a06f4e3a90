"""Results to the practice system that lose nothing: each 6310 is queued in the database when a
consultation or plan is saved (``gdt_result_queue``), and a background job (``gdt.outbox``,
run by ``backactive worker``) writes the queue in order into the practice's outbox folder.

A file is never written over another: with ``numbered`` the results get the next free number
(``PRAXBACK.001``, ``.002`` …); with ``wait`` the next result waits until the practice system
has taken the previous ``PRAXBACK.GDT``, and the job looks again later. A folder that cannot be
written is retried as well, and after ``MAX_ATTEMPTS`` the result is marked failed; the GDT page
lists what is waiting and what failed. Every ``SWEEP_EVERY`` the worker's scheduler starts the
outbox job of every practice that has results waiting and no outbox job under way (a job that
ended, e.g. with an error the runner did not retry, leaves its results pending, not forgotten).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from backactive.accounts.models import Practice
from backactive.jobs.models import Job
from backactive.jobs.progress import Progress
from backactive.jobs.registry import JobKind, RetryLater, Schedule, register, register_schedule
from backactive.jobs.services import job_start
from backactive.jobs.timing import Every
from backactive.patients.models import Patient

from ..models import GdtResult, GdtResultStatus, GdtSettings
from .format.folders import UnsafePath, ensure_folder, numbered_name, write_new
from .selectors import gdt_settings_get

JOB_KIND = "gdt.outbox"
SWEEP_KIND = "gdt.outbox_sweep"
SWEEP_EVERY = dt.timedelta(minutes=5)
WAIT_SECONDS = 30
MAX_ATTEMPTS = 20


def gdt_result_queue(*, patient: Patient, data: bytes) -> GdtResult:
    """Queue one result and make sure a job will write it (after the surrounding commit)."""
    result = GdtResult.objects.create(practice=patient.practice, patient=patient, data=data)
    practice = patient.practice
    transaction.on_commit(lambda: gdt_outbox_kick(practice=practice))
    return result


def gdt_outbox_kick(*, practice: Practice) -> Job | None:
    """Start the outbox job unless one is already queued or running for the practice."""
    busy = Job.objects.filter(kind=JOB_KIND, practice=practice, status__in=["queued", "running"]).exists()
    return None if busy else job_start(kind=JOB_KIND, practice=practice)


def _name(folder: Path, config: GdtSettings) -> str | None:
    """The name for the next result, or None to wait."""
    base = config.export_filename
    if config.outbox_mode == "numbered":
        return numbered_name(folder, Path(base).stem.upper())
    return None if (folder / base).exists() else base


def _write_one(result: GdtResult, folder: Path, config: GdtSettings) -> bool:
    """True when written; False when it has to wait."""
    name = _name(folder, config)
    if name is None:
        return False
    try:
        write_new(folder, name, bytes(result.data))
    except FileExistsError:  # the practice system wrote a file of that name meanwhile
        return False
    result.status, result.file_name, result.written_at, result.data = GdtResultStatus.WRITTEN, name, timezone.now(), b""
    result.save(update_fields=["status", "file_name", "written_at", "data"])
    return True


def _failed_attempt(result: GdtResult, error: str) -> None:
    result.attempts += 1
    result.last_error = error[:300]
    if result.attempts >= MAX_ATTEMPTS:
        result.status = GdtResultStatus.FAILED
    result.save(update_fields=["attempts", "last_error", "status"])


def gdt_outbox_run(*, practice: Practice) -> dict[str, Any]:
    """Write the practice's pending results in order. Raises RetryLater while some must wait."""
    config = gdt_settings_get(practice=practice)
    pending = list(GdtResult.objects.filter(practice=practice, status=GdtResultStatus.PENDING))
    written = 0
    for result in pending:
        try:
            folder = config.folder("outbox_dir")
            if folder is None:
                raise UnsafePath("no outbox folder is set")
            ensure_folder(Path(settings.GDT_ROOT), folder)
            if not _write_one(result, folder, config):
                raise RetryLater(WAIT_SECONDS, f"{len(pending) - written} waiting for the practice system")
        except (OSError, UnsafePath) as error:
            _failed_attempt(result, f"{type(error).__name__}: {error}")
            if result.status == GdtResultStatus.PENDING:
                raise RetryLater(WAIT_SECONDS, "the outbox folder could not be written") from error
            continue
        written += 1
    return {"written": written}


def _run(job: Job, progress: Progress) -> dict[str, Any]:
    assert job.practice is not None
    return gdt_outbox_run(practice=job.practice)


register(JobKind(JOB_KIND, gettext_lazy("Results to the practice system (GDT)"), run=_run))


def gdt_outbox_sweep() -> int:
    """Start the outbox job of every practice with pending results (unless one is under way);
    returns how many were started."""
    waiting = GdtResult.objects.filter(status=GdtResultStatus.PENDING).values("practice_id").distinct()
    started = 0
    for practice in Practice.objects.filter(pk__in=waiting).order_by("pk"):
        started += gdt_outbox_kick(practice=practice) is not None
    return started


def _sweep(job: Job, progress: Progress) -> dict[str, Any]:
    return {"started": gdt_outbox_sweep()}


register(JobKind(SWEEP_KIND, gettext_lazy("Results waiting for the practice systems (GDT)"), run=_sweep))
register_schedule(Schedule(SWEEP_KIND, kind=SWEEP_KIND, timing=Every(SWEEP_EVERY)))
