"""The real worker (`backactive worker`, processes of their own) runs a job that a page queued,
and its heartbeat row is there while it runs and gone after SIGTERM. Two workers run side by side,
as two app servers would have them: the queued job runs once, and each schedule's slot is
started by one of them (one job per slot).

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
print(__import__("json").dumps({{"status": job.status, "done": job.done, "total": job.total, "result": job.result,
                                 "files": job.files.count()}}))
"""
SCHEDULED = """
import json
from backactive.jobs.models import Job, ScheduleRun
from backactive.jobs.registry import schedules
def counts(s):
    jobs = Job.objects.filter(kind=s.kind)
    return [ScheduleRun.objects.filter(schedule=s.name).count(), jobs.count(), jobs.filter(status="succeeded").count()]
print(json.dumps({s.kind: counts(s) for s in schedules().values()}))
"""
# Due at any hour on a worker's first start (no catch-up limit): the nightly and the frequent work.
ALWAYS_DUE = {"privacy.purge", "jobs.prune", "gdt.outbox_sweep", "fhir.bulk_expire"}
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
    env.pop("DATABASE_REPLICA_URL", None)  # it names the standby's own database, not the test database
    env["DATABASE_URL"] = _database_url(tmp_path, env)
    job_id = int(_run(["shell", "-c", QUEUE], env))
    assert json.loads(_run(["shell", "-c", STATUS.format(job_id=job_id)], env))["status"] == "queued"
    workers = [
        subprocess.Popen([BACKACTIVE, "worker", "--interval", "0.2", "--no-startup-delay"], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]  # fmt: skip
    state: dict[str, Any] = {}
    scheduled: dict[str, list[int]] = {}
    beating = 0
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and not any(w.poll() is not None for w in workers):
            state = json.loads(_run(["shell", "-c", STATUS.format(job_id=job_id)], env))
            scheduled = json.loads(_run(["shell", "-c", SCHEDULED], env))
            done = all(scheduled[kind][2] >= 1 for kind in ALWAYS_DUE)
            if state["status"] in ("succeeded", "failed") and done:
                break
        beating = int(_run(["shell", "-c", HEARTBEATS], env))
    finally:
        for worker in workers:
            worker.terminate()
        stderr = "".join(worker.communicate(timeout=60)[1] for worker in workers)
    # While they ran, their heartbeats told /ready/ so; stopped with SIGTERM, they removed their rows.
    assert beating == 2, stderr[-2000:]
    assert int(_run(["shell", "-c", HEARTBEATS], env)) == 0
    assert state["status"] == "succeeded", (state, stderr[-2000:])
    # Each slot started once (one job per slot, whichever worker claimed it), and its job ran.
    for kind, (slots, jobs, succeeded) in scheduled.items():
        assert slots == jobs, (kind, scheduled)
        assert kind not in ALWAYS_DUE or succeeded >= 1, (kind, scheduled, stderr[-2000:])
    assert (state["done"], state["total"]) == (3, 3) and state["result"]["run_id"]
    # The upload was kept in the database (not on the app server's disk) until the job had run.
    assert state["files"] == 0 and not (tmp_path / "data" / "uploads").exists()
