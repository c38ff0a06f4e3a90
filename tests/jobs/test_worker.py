"""The real worker (`backactive worker`, a process of its own) runs a job that a page queued,
and its heartbeat row is there while it runs and gone after SIGTERM.

The rest of the suite runs jobs in-process (immediate backend); this test is the one that needs
the worker, so it starts one itself against a database both processes can reach: the test
database on PostgreSQL, a migrated SQLite file of its own on SQLite (the suite's SQLite test
database lives in memory)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

BACKACTIVE = str(Path(sys.executable).parent / "backactive")
QUEUE = """
from django.core.files.uploadedfile import SimpleUploadedFile
from backactive.accounts.models import Practice
from backactive.offers.importing import offers_import_upload
body = b"name;kind;activities;postcode\\nYoga;course;yoga;35037\\nTanz;course;tango;35037\\n"
body += b"Walk;course;walking;35037\\n"
job = offers_import_upload(upload=SimpleUploadedFile("kurse.csv", body), practice=Practice.objects.create(name="W"))
print(job.pk)
"""
STATUS = """
from backactive.jobs.models import Job
job = Job.objects.get(pk={job_id})
print(__import__("json").dumps({{"status": job.status, "done": job.done, "total": job.total, "result": job.result}}))
"""
HEARTBEATS = """
from backactive.ops.models import WorkerHeartbeat
print(WorkerHeartbeat.objects.count())
"""


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run([BACKACTIVE, *args], env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def _database_url(tmp_path: Path, env: dict[str, str]) -> str:
    if connection.vendor == "sqlite":
        url = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
        _run(["migrate", "--noinput", "-v", "0"], {**env, "DATABASE_URL": url})
        return url
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_job_queued_by_another_process(tmp_path: Path) -> None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", TASKS_IMMEDIATE="0",
               BACKACTIVE_DATA_DIR=str(tmp_path / "data"), LOG_LEVEL="WARNING")  # fmt: skip
    env["DATABASE_URL"] = _database_url(tmp_path, env)
    job_id = int(_run(["shell", "-c", QUEUE], env))
    assert json.loads(_run(["shell", "-c", STATUS.format(job_id=job_id)], env))["status"] == "queued"
    worker = subprocess.Popen(
        [BACKACTIVE, "worker", "--interval", "0.2", "--no-startup-delay"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    state: dict[str, Any] = {}
    beating = 0
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            state = json.loads(_run(["shell", "-c", STATUS.format(job_id=job_id)], env))
            if state["status"] in ("succeeded", "failed") or worker.poll() is not None:
                break
        beating = int(_run(["shell", "-c", HEARTBEATS], env))
    finally:
        worker.terminate()
        _, stderr = worker.communicate(timeout=60)
    # While it ran, its heartbeat told /ready/ so; stopped with SIGTERM, it removed its row.
    assert beating == 1, stderr[-2000:]
    assert int(_run(["shell", "-c", HEARTBEATS], env)) == 0
    assert state["status"] == "succeeded", (state, stderr[-2000:])
    assert (state["done"], state["total"]) == (3, 3) and state["result"]["run_id"]
    # The upload was kept only until the job had run.
    assert not any((tmp_path / "data" / "uploads").iterdir())
