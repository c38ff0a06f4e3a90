"""FHIR Bulk Data exports (``$export``) for research clients: start one, run it (the job
worker's side), cancel it, and what its status and files are.

Files are gzip-compressed NDJSON in the database, at most ``LINES_PER_FILE`` resources each, so
any app instance can serve them; they expire ``KEEP`` after the export completed, and the
worker's scheduler removes expired (and cancelled) exports every hour.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from backactive.accounts.models import Practice
from backactive.core.replica import replica_read_time, replica_reads
from backactive.jobs.models import Job
from backactive.jobs.progress import Progress
from backactive.jobs.registry import JobKind, Schedule, register, register_schedule
from backactive.jobs.services import job_start
from backactive.jobs.timing import Every

from ..models import BulkExport, BulkExportFile, ExportStatus, SmartClient
from .pseudonyms import pseudonym_key
from .research import ExportRun, left_out_outcome, research_lines

logger = logging.getLogger(__name__)

LINES_PER_FILE = 10_000
KEEP = dt.timedelta(hours=24)
JOB_KIND = "fhir.bulk_export"
EXPIRE_KIND = "fhir.bulk_expire"


def client_pseudonym_key(client: SmartClient) -> bytes:
    """Each research client gets its own pseudonyms (stable for it, unlinkable between two)."""
    return pseudonym_key() + b"|smart-client|" + client.client_id.encode()


def bulk_export_start(
    *, client: SmartClient, practice: Practice, request_url: str, types: Sequence[str], since: dt.datetime | None
) -> BulkExport:
    """Record an export and hand it to the job worker (or run it at once where there is none)."""
    export = BulkExport.objects.create(
        uid=uuid.uuid4(), client=client, practice=practice, request_url=request_url, types=list(types), since=since
    )
    _enqueue(export)
    return export


def _enqueue(export: BulkExport) -> None:
    # After the kick-off's commit, so a worker never looks for an export it cannot see yet.
    practice = export.practice
    transaction.on_commit(lambda: job_start(kind=JOB_KIND, practice=practice, params={"export": export.pk}))


def _cancelled(export_id: int) -> bool:
    return not BulkExport.objects.filter(pk=export_id).exclude(status=ExportStatus.CANCELLED).exists()


class _Writer:
    """Collects lines per type and stores a file whenever one is full."""

    def __init__(self, export: BulkExport) -> None:
        self.export = export
        self.lines: dict[str, list[str]] = {}
        self.parts: dict[str, int] = {}

    def add(self, resource_type: str, line: str) -> None:
        lines = self.lines.setdefault(resource_type, [])
        lines.append(line)
        if len(lines) >= LINES_PER_FILE:
            self.flush(resource_type)

    def flush(self, resource_type: str, *, is_error: bool = False) -> None:
        lines = self.lines.pop(resource_type, [])
        if not lines:
            return
        part = self.parts[resource_type] = self.parts.get(resource_type, 0) + 1
        data = gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0)
        BulkExportFile.objects.create(export=self.export, resource_type=resource_type, part=part, count=len(lines),
                                      is_error=is_error, data=data)  # fmt: skip


def bulk_export_run(*, export_id: int, progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Run a queued export (the job's body): files per type, then completed. An export cancelled
    meanwhile stops between batches and leaves nothing. Returns counts per type."""
    export = BulkExport.objects.select_related("client", "practice").filter(pk=export_id).first()
    if export is None or export.status != ExportStatus.QUEUED:
        return {}
    # The record is read from the read replica where there is one (its status, files and
    # cancellation stay on the primary); transactionTime is then the replica's replay point.
    started = replica_read_time(timezone.now())
    BulkExport.objects.filter(pk=export.pk, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, transaction_time=started
    )
    run = ExportRun()
    writer = _Writer(export)

    def report(done: int, total: int) -> None:
        BulkExport.objects.filter(pk=export.pk).update(done=done, total=total)
        if progress is not None:
            progress(done, total)

    try:
        with replica_reads():
            lines = research_lines(practice=export.practice, key=client_pseudonym_key(export.client), run=run,
                                   types=export.types, since=export.since, progress=report,
                                   cancelled=lambda: _cancelled(export.pk))  # fmt: skip
            for resource_type, line in lines:
                writer.add(resource_type, line)
        for resource_type in list(writer.lines):
            writer.flush(resource_type)
        for pseudonym in run.left_out:
            writer.add("OperationOutcome", _outcome_line(pseudonym))
        writer.flush("OperationOutcome", is_error=True)
    except Exception:
        logger.exception("bulk export %s failed", export.pk)
        BulkExportFile.objects.filter(export=export).delete()
        BulkExport.objects.filter(pk=export.pk).update(status=ExportStatus.FAILED, finished_at=timezone.now())
        raise
    if _cancelled(export.pk):
        BulkExportFile.objects.filter(export=export).delete()
        return {}
    now = timezone.now()
    BulkExport.objects.filter(pk=export.pk, status=ExportStatus.RUNNING).update(
        status=ExportStatus.COMPLETED, finished_at=now, expires_at=now + KEEP
    )
    return dict(run.counts)


def _outcome_line(pseudonym: str) -> str:
    return json.dumps(left_out_outcome(pseudonym), separators=(",", ":"))


def bulk_export_cancel(*, export: BulkExport) -> None:
    """Stop a running export, or remove a finished one's files (the client is done with them)."""
    BulkExport.objects.filter(pk=export.pk).update(status=ExportStatus.CANCELLED, finished_at=timezone.now())
    BulkExportFile.objects.filter(export=export).delete()


def bulk_exports_expire() -> int:
    """Remove exports whose files have expired (and cancelled ones); idempotent."""
    now = timezone.now()
    old = BulkExport.objects.filter(expires_at__lt=now) | BulkExport.objects.filter(status=ExportStatus.CANCELLED)
    count, _ = old.delete()
    return count


def exports_for_client(client_pk: int) -> QuerySet[BulkExport]:
    return BulkExport.objects.filter(client_id=client_pk).exclude(status=ExportStatus.CANCELLED)


def _run(job: Job, progress: Progress) -> dict[str, Any]:
    def report(done: int, total: int) -> None:
        if progress.job.total != total:
            progress.set_total(total)
        progress.advance(done - progress.done)

    return bulk_export_run(export_id=int(job.params["export"]), progress=report)


register(JobKind(JOB_KIND, gettext_lazy("FHIR Bulk Data export for a research platform"), run=_run))


def _expire(job: Job, progress: Progress) -> dict[str, Any]:
    return {"removed": bulk_exports_expire()}


register(JobKind(EXPIRE_KIND, gettext_lazy("Removing expired FHIR Bulk Data exports"), run=_expire))
register_schedule(Schedule(EXPIRE_KIND, kind=EXPIRE_KIND, timing=Every(dt.timedelta(hours=1))))
