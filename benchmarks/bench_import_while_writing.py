"""Diary writes while a 100,000-row offers import runs in the background worker.

A real server (waitress, one process per CPU, on loopback) takes diary entries from a few phones
(one entry per request, a short pause between taps) first with nothing else running, then while
`backactive worker` (a process of its own) imports a 100,000-row CSV that a practice uploaded.
The import writes CHUNK_ROWS rows per transaction, so a diary write waits at most for one chunk.

Figures: the diary write latency (median, p95) without and during the import, the rows the import
wrote meanwhile, and whether every acknowledged entry is stored exactly once. Target: p95 of a
diary write at most 100 ms during the import.
Run: `.venv/bin/python benchmarks/bench_import_while_writing.py` (SQLite; DATABASE_URL=postgres://...
for PostgreSQL). Knobs: BENCH_ROWS (100000), BENCH_CLIENTS (4), BENCH_SECONDS (20 per phase),
BENCH_PAUSE (0.2 s between one phone's taps), BENCH_SERVER_PROCESSES (CPUs)."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from typing import Any

os.environ["TASKS_IMMEDIATE"] = "0"  # jobs go to the database queue; the worker runs them
os.environ.setdefault("BENCH_CLIENTS", "4")
# The upload waits for the worker under the data folder: a throwaway one, shared with the worker.
DATA_DIR = os.environ.setdefault("BACKACTIVE_DATA_DIR", tempfile.mkdtemp(prefix="backactive-bench-data-"))

import bench_diary_writes as writes  # noqa: E402
from _django import ROOT, django_database, percentile  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
PAUSE = float(os.environ.get("BENCH_PAUSE", "0.2"))
TARGET_P95_MS = 100.0


class TappingPhone(writes.Phone):
    """A phone that taps, waits for the answer, pauses, taps again (one entry per request)."""

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        while time.monotonic() < self.stop_at:
            entry = self._entry()
            start = time.perf_counter()
            try:
                conn.request("POST", "/me/sync/", body=json.dumps({"entries": [entry]}), headers=self.headers)
                response = conn.getresponse()
                payload = response.read()
            except (OSError, http.client.HTTPException):
                self.errors += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                continue
            self.latencies.append((time.perf_counter() - start) * 1000)
            results = json.loads(payload).get("results", []) if response.status == 200 else []
            if results and results[0]["status"] == "created":
                self.acknowledged.append((entry["kind"], entry["client_id"]))
            else:
                self.errors += 1
            time.sleep(PAUSE)
        conn.close()


def _csv() -> bytes:
    lines = ["ref;name;kind;activities;lat;lon"]
    lines += [f"B{n};Kurs {n};course;yoga;{47 + (n % 700) / 100:.2f};{6 + (n // 700) % 900 / 100:.2f}"
              for n in range(ROWS)]  # fmt: skip
    return ("\n".join(lines) + "\n").encode()


def _phase(ports: list[int], sessions: list[str]) -> dict[str, Any]:
    stop_at = time.monotonic() + SECONDS
    phones = [TappingPhone(ports[n % len(ports)], s, 1, stop_at, n) for n, s in enumerate(sessions)]
    for phone in phones:
        phone.start()
    for phone in phones:
        phone.join()
    latencies = [v for p in phones for v in p.latencies]
    acknowledged = [a for p in phones for a in p.acknowledged]
    _found, missing = writes._stored_once(acknowledged)
    return {
        "writes": len(latencies),
        "median_ms": round(percentile(latencies, 50), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 95), 1) if latencies else None,
        "max_ms": round(max(latencies), 1) if latencies else None,
        "errors": sum(p.errors for p in phones),
        "acknowledged": len(acknowledged),
        "missing_or_doubled": missing,
    }


def _job_state(job_id: int) -> dict[str, Any]:
    from backactive.jobs.models import Job

    job = Job.objects.get(pk=job_id)
    return {"status": job.status, "done": job.done, "total": job.total}


def run() -> dict[str, Any]:
    with django_database() as vendor:
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.db import connection

        from backactive.accounts.models import Practice
        from backactive.offers.importing import offers_import_upload

        sessions = writes._patients_with_sessions()
        practice = Practice.objects.create(name="Bench import practice")
        connection.close()
        ports = [writes._free_port() for _ in range(writes.SERVER_PROCESSES)]
        servers = [writes._start_server(port) for port in ports]
        worker = None
        try:
            quiet = _phase(ports, sessions)
            job = offers_import_upload(upload=SimpleUploadedFile("big.csv", _csv()), practice=practice)
            connection.close()
            env = dict(os.environ, DATABASE_URL=writes._database_url(), DJANGO_SETTINGS_MODULE="config.settings.test",
                       TASKS_IMMEDIATE="0", LOG_LEVEL="WARNING", PYTHONPATH=str(ROOT))  # fmt: skip
            worker = subprocess.Popen([sys.executable, "-m", "backactive.cli", "worker", "--no-startup-delay",
                                       "--interval", "0.2"], cwd=ROOT, env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
            deadline = time.monotonic() + 120
            while _job_state(job.pk)["done"] == 0 and time.monotonic() < deadline:
                time.sleep(0.2)  # wait until the import is writing
            before = _job_state(job.pk)
            during = _phase(ports, sessions)
            after = _job_state(job.pk)
            connection.close()
        finally:
            if worker is not None:
                worker.kill()  # a graceful stop would first finish the 100,000 rows
                worker.wait(timeout=60)
            for server in servers:
                server.terminate()
                server.wait(timeout=10)
            shutil.rmtree(DATA_DIR, ignore_errors=True)
    return {
        "benchmark": "import_while_writing",
        "database": vendor,
        "cpus": os.cpu_count(),
        "import_rows": ROWS,
        "phones": len(sessions),
        "pause_between_taps_s": PAUSE,
        "seconds_per_phase": SECONDS,
        "no_import": quiet,
        "during_import": during,
        "import_progress": {"rows_before_phase": before["done"], "rows_after_phase": after["done"],
                            "total": after["total"], "status_after_phase": after["status"]},
        "target_p95_ms": TARGET_P95_MS,
        "import_was_running_throughout": after["status"] == "running" and after["done"] > before["done"],
        "p95_within_target": bool(during["p95_ms"] is not None and during["p95_ms"] <= TARGET_P95_MS),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
