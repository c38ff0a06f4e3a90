"""Diary entry writes over HTTP: several phones (client threads, one patient each, keep-alive
connections) post entries to the patient sync endpoint of a real server (waitress, in a
subprocess, on loopback) for a fixed time. Two ways of sending: one entry per request (a phone
that is online), ten and fifty per request (a phone coming back online with a day's or a
fortnight's queue).

The server runs one waitress process per CPU (BENCH_SERVER_PROCESSES), as a deployment would.
Figures: entries per second sustained, request latency (median, p95), and a check that every
entry the server acknowledged is in the database exactly once afterwards.
Run: `.venv/bin/python benchmarks/bench_diary_writes.py` (SQLite; DATABASE_URL=postgres://...
for PostgreSQL). Knobs: BENCH_CLIENTS (8), BENCH_SECONDS (8 per way), BENCH_SERVER_THREADS (8),
BENCH_SERVER_PROCESSES (CPUs)."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from typing import Any

from _django import ROOT, django_database, percentile

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
SERVER_THREADS = int(os.environ.get("BENCH_SERVER_THREADS", "8"))
# One server process per CPU, as a deployment would run its workers; the phones are spread over them.
SERVER_PROCESSES = int(os.environ.get("BENCH_SERVER_PROCESSES", str(os.cpu_count() or 1)))
CSRF = "benchcsrfsecret0123456789abcdefg"  # 32 characters: Django accepts the unmasked secret


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _patients_with_sessions() -> list[str]:
    """One patient login per client; returns their session cookies."""
    from django.test import Client

    from backactive.accounts.models import Practice, Role, User
    from backactive.patients.models import Patient

    practice = Practice.objects.create(name="Bench practice")
    cookies = []
    for n in range(CLIENTS):
        user = User.objects.create(username=f"bench_phone_{n}", role=Role.PATIENT, practice=practice)
        Patient.objects.create(practice=practice, display_name=f"Bench {n}", user=user)
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies["sessionid"].value)
    return cookies


def _database_url() -> str:
    from django.db import connection

    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


def _start_server(port: int) -> subprocess.Popen[bytes]:
    env = dict(
        os.environ,
        DATABASE_URL=_database_url(),
        DJANGO_SETTINGS_MODULE="config.settings.test",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "waitress",
            f"--listen=127.0.0.1:{port}",
            f"--threads={SERVER_THREADS}",
            "--connection-limit=200",
            "config.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.1)  # the server is still starting
    server.kill()
    raise RuntimeError("server did not start")


class Phone(threading.Thread):
    def __init__(self, port: int, session: str, batch: int, stop_at: float, index: int) -> None:
        super().__init__(daemon=True)
        self.port, self.batch, self.stop_at, self.index = port, batch, stop_at, index
        self.headers = {
            "Content-Type": "application/json",
            "X-CSRFToken": CSRF,
            "Host": "127.0.0.1",
            "Cookie": f"sessionid={session}; csrftoken={CSRF}",
        }
        self.acknowledged: list[tuple[str, str]] = []  # (kind, client id)
        self.latencies: list[float] = []
        self.errors = 0
        self.sent = 0

    def _entry(self) -> dict[str, Any]:
        self.sent += 1
        day = (dt.date.today() - dt.timedelta(days=self.sent % 365)).isoformat()
        client_id = str(uuid.uuid4())
        if self.sent % 2:
            return {"client_id": client_id, "kind": "pain", "date": day, "pain": self.sent % 11, "scale": "numeric"}
        return {
            "client_id": client_id,
            "kind": "activity",
            "date": day,
            "activity": "walking",
            "minutes": 5,
            "intensity": "moderate",
        }

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        while time.monotonic() < self.stop_at:
            entries = [self._entry() for _ in range(self.batch)]
            body = json.dumps({"entries": entries})
            start = time.perf_counter()
            try:
                conn.request("POST", "/me/sync/", body=body, headers=self.headers)
                response = conn.getresponse()
                payload = response.read()
            except (OSError, http.client.HTTPException):
                self.errors += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                continue
            self.latencies.append((time.perf_counter() - start) * 1000)
            if response.status != 200:
                self.errors += 1
                continue
            kinds = {e["client_id"]: e["kind"] for e in entries}
            for result in json.loads(payload)["results"]:
                if result["status"] == "created":
                    self.acknowledged.append((kinds[result["client_id"]], result["client_id"]))
                else:
                    self.errors += 1
        conn.close()


def _stored_once(acknowledged: list[tuple[str, str]]) -> tuple[int, int]:
    """(acknowledged entries found, entries found more than once or missing)."""
    from backactive.diary.models import ActivityEntry, PainEntry

    found = 0
    for kind, model in (("pain", PainEntry), ("activity", ActivityEntry)):
        ids = [uuid.UUID(c) for k, c in acknowledged if k == kind]
        for i in range(0, len(ids), 900):
            found += model.objects.filter(client_id__in=ids[i : i + 900]).count()
    return found, len(acknowledged) - found


def _measure(ports: list[int], sessions: list[str], batch: int) -> dict[str, Any]:
    stop_at = time.monotonic() + SECONDS
    phones = [Phone(ports[n % len(ports)], s, batch, stop_at, n) for n, s in enumerate(sessions)]
    start = time.perf_counter()
    for phone in phones:
        phone.start()
    for phone in phones:
        phone.join()
    elapsed = time.perf_counter() - start
    acknowledged = [a for p in phones for a in p.acknowledged]
    latencies = [v for p in phones for v in p.latencies]
    found, missing = _stored_once(acknowledged)
    return {
        "entries_per_request": batch,
        "entries_per_s": round(len(acknowledged) / elapsed, 1),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "median_ms": round(percentile(latencies, 50), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 95), 1) if latencies else None,
        "acknowledged": len(acknowledged),
        "found_once": found,
        "missing": missing,
        "errors": sum(p.errors for p in phones),
    }


def run() -> dict[str, Any]:
    with django_database() as vendor:
        sessions = _patients_with_sessions()
        from django.db import connection

        connection.close()  # the server process writes now; keep no transaction open here
        ports = [_free_port() for _ in range(SERVER_PROCESSES)]
        servers = [_start_server(port) for port in ports]
        try:
            single = _measure(ports, sessions, 1)
            batched = _measure(ports, sessions, 10)
            backlog = _measure(ports, sessions, 50)
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=10)
    return {
        "benchmark": "diary_writes",
        "database": vendor,
        "clients": CLIENTS,
        "server_processes": SERVER_PROCESSES,
        "server_threads": SERVER_THREADS,
        "seconds_per_way": SECONDS,
        "cpus": os.cpu_count(),
        "one_per_request": single,
        "ten_per_request": batched,
        "fifty_per_request": backlog,
        "target_entries_per_s": 500,
        "all_acknowledged_present": all(w["missing"] == 0 for w in (single, batched, backlog)),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
