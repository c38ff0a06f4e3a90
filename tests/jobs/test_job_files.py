"""A job's files live in the database with the job, not on the disk of the app server that took
the upload (the worker may run on another machine): stored in parts, read back whole as a path
of the worker's own, removed when the job has finished."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from backactive.jobs import registry
from backactive.jobs.models import Job, JobFile, JobStatus
from backactive.jobs.services import job_file, job_run, job_start

SEEN: dict[int, bytes] = {}


def _read(job: Job, progress: Any) -> dict[str, Any]:
    with job_file(job, "liste.csv") as path:
        assert JobFile.objects.filter(job=job).exists() and path.name == "liste.csv"
        SEEN[job.pk] = path.read_bytes()
        folder = path.parent
    assert not folder.exists()  # the worker's temporary copy is gone at once
    return {}


def _wait(job: Job, progress: Any) -> dict[str, Any]:
    raise registry.RetryLater(60)


registry.register(registry.JobKind("test.files", "Reading a file", run=_read))
registry.register(registry.JobKind("test.files_wait", "Waiting with a file", run=_wait))


def test_a_file_is_stored_in_parts_read_back_whole_and_removed_when_done(
    world: Any, monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(JobFile, "PART_BYTES", 10)
    body = b"name;kind\n" + b"".join(b"Kurs %d;course\n" % i for i in range(20))
    job = job_start(kind="test.files", practice=world.practice_x, files={"liste.csv": [body[:7], body[7:]]})
    assert job.status == JobStatus.SUCCEEDED and SEEN[job.pk] == body
    assert not JobFile.objects.filter(job=job).exists() and not any(tmp_path.iterdir())


def test_a_job_that_waits_keeps_its_file(world: Any) -> None:
    job = job_start(kind="test.files_wait", practice=world.practice_x, files={"liste.csv": [b"a;b\n"]})
    assert job.status == JobStatus.QUEUED and bytes(JobFile.objects.get(job=job).data) == b"a;b\n"
    Job.objects.filter(pk=job.pk).update(kind="test.files")
    job_run(job_id=job.pk)
    assert SEEN[job.pk] == b"a;b\n" and not JobFile.objects.filter(job=job).exists()


def test_an_empty_file_is_a_file(world: Any) -> None:
    job = job_start(kind="test.files", practice=world.practice_x, files={"liste.csv": []})
    assert SEEN[job.pk] == b""
