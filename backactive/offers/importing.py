"""Imports of offer lists: the chunked write (``offers_import``), the job that runs it in the
background for an uploaded file (``offers_import_upload`` queues it), and the directory it
writes to.

Chunks: the rows are written at most a few hundred per transaction (``CHUNK_ROWS``; fewer when
a transaction would take longer than about 40 ms, see ``ChunkSize``), and the file is read and
validated between transactions, so an import of 100,000 rows never holds the database's write
lock for longer than one chunk: diary entries and logins go on meanwhile.
A crash or a cap half-way leaves the chunks written so far; the run stays unfinished, and
importing the same file again continues (rows already imported are "unchanged").
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backactive.accounts.models import Practice, User
from backactive.jobs.models import Job
from backactive.jobs.progress import Progress
from backactive.jobs.registry import JobKind, UserFacingError, register
from backactive.jobs.services import job_file, job_start

from . import import_chunks, import_limits
from .importers import ImportFileError, OfferRecord, Skipped, importer_for
from .models import Directory, ImportRun, Offer

CHUNK_ROWS = 250
PRACTICE_DIRECTORY_NAME = "Practice offers"
SHARED_DIRECTORY_NAME = "Regional offers"
JOB_KIND = "offers.import"
T = TypeVar("T")


def directory_for_import(
    *, practice: Practice | None = None, directory_id: int | None = None, name: str | None = None
) -> Directory:
    """The directory an import writes to: a given one; else the practice's own (created on first
    use); else a shared regional directory by name (created on first use)."""
    if directory_id is not None:
        directory = Directory.objects.get(pk=directory_id)
        if practice is not None and directory.practice_id != practice.pk:
            raise ValueError("that directory does not belong to this practice")
        return directory
    if practice is not None:
        return Directory.objects.get_or_create(practice=practice, name=name or PRACTICE_DIRECTORY_NAME)[0]
    return Directory.objects.get_or_create(practice=None, name=name or SHARED_DIRECTORY_NAME)[0]


@dataclass
class ImportResult:
    run: ImportRun
    # The skipped rows with their row/column errors, in file order (also logged on the run).
    skipped: list[Skipped] = field(default_factory=list)


def save_offer(offer: Offer) -> None:
    # Field checks here; uniqueness and ranges are left to the database constraints.
    offer.full_clean(validate_unique=False, validate_constraints=False)
    offer.save()


class ChunkSize:
    """Rows per transaction: at most ``most``, fewer when a chunk's transaction took longer than
    ``target_seconds`` (a slow disk, a busy machine), never fewer than ``least``. The write lock
    is then held for about ``target_seconds`` at a time, whatever the machine."""

    def __init__(self, most: int, *, target_seconds: float | None = 0.04, least: int = 10) -> None:
        # Start small where the size adapts: the first chunk should not be the one that waits long.
        self.rows = most if target_seconds is None else min(most, 50)
        self.most, self.least, self.target = most, max(1, min(least, most)), target_seconds

    def observe(self, rows: int, seconds: float) -> None:
        if self.target is None or rows == 0 or seconds <= 0:
            return
        fitting = rows * self.target / seconds
        self.rows = max(self.least, min(self.most, round((self.rows + fitting) / 2)))


def _chunks(items: Iterator[T], size: ChunkSize) -> Iterator[list[T]]:
    while chunk := list(islice(items, size.rows)):
        yield chunk


def _capped(items: Iterator[T], limits: import_limits.Limits) -> Iterator[T]:
    for number, item in enumerate(items, start=1):
        if number > limits.max_rows:
            raise import_limits.too_many_rows(limits)
        yield item


def _write_chunk(
    run: ImportRun, chunk: list[OfferRecord | Skipped], existing: dict[str, Offer], result: ImportResult
) -> None:
    """Validate outside the transaction, then write the chunk in one short transaction."""
    import_chunks.write(run, import_chunks.prepare(run, chunk, existing), existing, result)


def offers_import(
    *,
    path: Path,
    directory: Directory,
    user: User | None = None,
    progress: Progress | None = None,
    limits: import_limits.Limits = import_limits.DEFAULT,
    chunk_rows: int = CHUNK_ROWS,
    transaction_seconds: float | None = 0.04,
    pause_seconds: float = 0.0,
) -> ImportResult:
    """Import a file into ``directory``; re-importing the same file changes nothing.

    Each row/feature is validated whole before it is written: a bad row is skipped whole (with
    its row and column errors) and the good rows are imported. At most ``chunk_rows`` rows are
    written per transaction, fewer if a transaction takes longer than ``transaction_seconds``
    (see the module docstring), with a pause of ``pause_seconds`` after each. Raises ``ImportFileError`` when the file
    cannot be read at all or exceeds a cap (``import_limits``).
    """
    importer = importer_for(path)
    declared = import_limits.check_file(path, limits)
    total = importer.count(path) if declared is None else declared
    if total is not None and total > limits.max_rows:
        raise import_limits.too_many_rows(limits)
    if progress is not None:
        progress.set_total(total)
    run = ImportRun.objects.create(directory=directory, file_name=path.name[:300], format=importer.format, user=user)
    result = ImportResult(run=run)
    existing: dict[str, Offer] = {}
    loaded_sources: set[str] = set()
    written = 0
    try:
        size = ChunkSize(chunk_rows, target_seconds=transaction_seconds)
        for chunk in _chunks(_capped(importer.read(path), limits), size):
            for source in {i.source for i in chunk if isinstance(i, OfferRecord)} - loaded_sources:
                existing.update((o.source_id, o) for o in Offer.objects.filter(directory=directory, source=source))
                loaded_sources.add(source)
            started = time.perf_counter()
            _write_chunk(run, chunk, existing, result)
            size.observe(len(chunk), time.perf_counter() - started)
            if pause_seconds:
                time.sleep(pause_seconds)
            written += len(chunk)
            if progress is not None:
                progress.advance(len(chunk))
    except ImportFileError:
        if not written:  # unreadable from the start: leave no trace of a run that did nothing
            run.delete()
        raise
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at"])
    return result


def background_pause() -> float:
    """How long a background import waits after each chunk. On SQLite a writer that finds the
    database locked polls it again after a sleep that grows to 100 ms; a pause of that length
    after each commit lets every waiting diary entry or login in before the next chunk. On
    PostgreSQL writers of other tables do not wait for the import at all."""
    return 0.1 if connection.vendor == "sqlite" else 0.0


def offers_import_upload(*, upload: UploadedFile, practice: Practice, user: User | None = None) -> Job:
    """Queue the import of an uploaded file into the practice's own directory; returns the job.
    The file is kept with the job in the database until it has run (``job_start(files=…)``), so
    the worker need not be on the app server that received it; the importers read paths (osmium
    needs one), so the worker writes it to a temporary folder of its own."""
    name = Path(upload.name or "").name.lstrip(".")[:200] or "upload"
    directory = directory_for_import(practice=practice)
    params = {"file": name, "directory_id": directory.pk}
    return job_start(kind=JOB_KIND, practice=practice, user=user, params=params, files={name: upload.chunks()})


def _run_import_job(job: Job, progress: Progress) -> dict[str, Any]:
    directory = Directory.objects.get(pk=job.params["directory_id"])
    with job_file(job, job.params["file"]) as path:
        try:
            run = offers_import(
                path=path, directory=directory, user=job.created_by, progress=progress,
                pause_seconds=background_pause(),
            ).run  # fmt: skip
        except ImportFileError as exc:
            raise UserFacingError(str(exc)) from exc
    message = _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(skipped)s skipped.") % {
        "created": run.created, "updated": run.updated, "unchanged": run.unchanged, "skipped": run.skipped,
    }  # fmt: skip
    return {"run_id": run.pk, "message": message}


def _result_url(job: Job) -> str | None:
    run_id = job.result.get("run_id")
    return reverse("offers:import_detail", kwargs={"run_id": run_id}) if run_id else None


register(JobKind(JOB_KIND, gettext_lazy("Import of offers"), run=_run_import_job, result_url=_result_url))
