"""Two app instances on one PostgreSQL (issue 16, item 4): two ``backactive serve`` processes on
two ports and one ``backactive worker``, each with a data folder of its own (as if on three
machines), share nothing but the database. A session made on one instance works on the other;
an offer list uploaded to one is imported by the worker; phones write diary entries through
both while one instance is killed with SIGKILL (its whole process group: master and workers),
then send again what was not acknowledged, as the offline queue does. Every acknowledged entry
is stored, and every entry exactly once.

Collected on PostgreSQL only (two instances cannot share a SQLite file across machines; on
SQLite the crash test, tests/security/test_crash.py, kills the one server). CI runs `make test`
on PostgreSQL, so this is the run of two `serve` processes and a worker that `.ci/run` makes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests
from django.db import connection

from tests.conftest import PASSWORD
from tests.ops.serving import BACKACTIVE, ROOT, free_port, server_env, start, stop

WRITERS = 6
KILL_AFTER = 60  # acknowledged entries before instance A is killed


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


class Browser:
    """A phone or a PC behind the TLS proxy: the proxy's headers, the Secure cookies sent by hand
    (requests keeps them back over plain HTTP), and the CSRF token in the header."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def _headers(self, base: str, extra: dict[str, str] | None = None) -> dict[str, str]:
        origin = base.replace("http://", "https://")
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {"X-Forwarded-Proto": "https", "Origin": origin, "Referer": origin + "/", "Cookie": cookie,
                "X-CSRFToken": self.cookies.get("csrftoken", ""), **(extra or {})}  # fmt: skip

    def request(self, method: str, base: str, path: str, **kwargs: Any) -> requests.Response:
        headers = self._headers(base, kwargs.pop("headers", None))
        response = requests.request(method, base + path, headers=headers, allow_redirects=False, **kwargs)
        self.cookies.update(response.cookies.get_dict())
        return response

    def login(self, base: str, username: str) -> None:
        self.request("GET", base, "/accounts/login/", timeout=60)
        data = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        answer = self.request("POST", base, "/accounts/login/", data=data, timeout=60)
        assert answer.status_code == 302, answer.status_code


def _send(browser: Browser, base: str, entry: dict[str, Any], timeout: float = 10) -> bool:
    """True when the instance acknowledged the entry as stored."""
    response = browser.request("POST", base, "/me/sync/", json={"entries": [entry]}, timeout=timeout)
    return response.status_code == 200 and response.json()["results"][0]["status"] in ("created", "duplicate")


def _upload_offers(admin: Browser, base: str) -> int:
    """Upload a small offer list as staff do; returns the job's id."""
    page = admin.request("GET", base, "/offers/imports/new/", timeout=60)
    token = re.search(r'name="form_token" value="([^"]+)"', page.text)
    assert page.status_code == 200 and token, page.status_code
    body = b"name;kind;activities;postcode\nYoga;course;yoga;35037\nTanz;course;tango;35037\n"
    answer = admin.request("POST", base, "/offers/imports/new/", timeout=60,
                           data={"csrfmiddlewaretoken": admin.cookies["csrftoken"], "form_token": token.group(1)},
                           files={"file": ("kurse.csv", body, "text/csv")})  # fmt: skip
    assert answer.status_code == 302, answer.status_code
    job = re.search(r"/jobs/(\d+)/", answer.headers["Location"])
    assert job, answer.headers["Location"]
    return int(job.group(1))


# Collected on PostgreSQL only (a skip would count as a failure in CI, where SQLite runs too).
if os.environ.get("DATABASE_URL", "").startswith("postgres"):

    @pytest.mark.django_db(transaction=True)
    def test_two_instances_and_a_worker_share_only_the_database(world: Any, tmp_path: Path) -> None:
        from backactive.diary.models import PainEntry
        from backactive.jobs.models import Job, JobFile

        database = _database_url()
        envs = {name: server_env(database, BACKACTIVE_DATA_DIR=str(tmp_path / name), TASKS_IMMEDIATE="0")
                for name in ("a", "b", "worker")}  # fmt: skip
        ports = {"a": free_port(), "b": free_port()}
        base = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        logs = {name: (tmp_path / f"{name}.log").open("wb") for name in ("a", "b", "worker")}
        servers = {
            name: start(envs[name], ports[name], workers=1, log=logs[name], own_group=True) for name in ("a", "b")
        }
        worker = subprocess.Popen([*BACKACTIVE, "worker", "--interval", "0.2", "--no-startup-delay"], cwd=ROOT,
                                  env=envs["worker"], stdout=subprocess.DEVNULL, stderr=logs["worker"])  # fmt: skip
        try:
            # A session made on A is a session on B: sessions live in the database.
            phone = Browser()
            phone.login(base["a"], "patient_a")
            assert phone.request("GET", base["b"], "/me/", timeout=60).status_code == 200
            # An upload to A is imported by the worker, which has neither A's disk nor B's.
            admin = Browser()
            admin.login(base["a"], "admin_x")
            job_id = _upload_offers(admin, base["a"])

            day = (dt.date.today() - dt.timedelta(days=1)).isoformat()
            acked: list[str] = []
            sent: list[dict[str, Any]] = []
            lock = threading.Lock()
            stop_writing = threading.Event()

            def writer(seed: int) -> None:
                n = 0
                while not stop_writing.is_set():
                    entry = {"kind": "pain", "client_id": str(uuid.uuid4()), "date": day, "pain": (seed + n) % 11}
                    target = base["a"] if (seed + n) % 2 else base["b"]  # the load balancer alternates
                    n += 1
                    with lock:
                        sent.append(entry)
                    try:
                        ok = _send(phone, target, entry)
                    except requests.RequestException:
                        ok = False
                    if ok:
                        with lock:
                            acked.append(entry["client_id"])

            threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
            for t in threads:
                t.start()
            deadline = time.monotonic() + 120
            while len(acked) < KILL_AFTER and time.monotonic() < deadline:
                time.sleep(0.01)
            os.killpg(servers["a"].pid, signal.SIGKILL)  # instance A dies mid-way, workers and all
            servers["a"].wait()
            time.sleep(0.5)  # the writers keep going: now half their requests find no one at A
            stop_writing.set()
            for t in threads:
                t.join()
            assert len(acked) >= KILL_AFTER

            stored = set(PainEntry.objects.filter(patient=world.patient_a).values_list("client_id", flat=True))
            missing = [c for c in acked if uuid.UUID(c) not in stored]
            assert not missing, f"{len(missing)} acknowledged entries lost"
            # The phones send again whatever was not acknowledged, now to B: nothing is stored twice.
            for entry in sent:
                assert _send(phone, base["b"], entry, timeout=60)
            client_ids = list(PainEntry.objects.filter(patient=world.patient_a).values_list("client_id", flat=True))
            assert len(client_ids) == len(set(client_ids)) == len(sent)

            deadline = time.monotonic() + 120
            while Job.objects.get(pk=job_id).status not in ("succeeded", "failed") and time.monotonic() < deadline:
                time.sleep(0.2)
            job = Job.objects.get(pk=job_id)
            assert job.status == "succeeded", job.message
            assert (job.done, job.total) == (2, 2) and not JobFile.objects.filter(job=job).exists()
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-2000:]
            # B still serves; /ready/ on it sees the worker's heartbeat.
            ready = requests.get(base["b"] + "/ready/", timeout=30)
            assert ready.json() == {"database": True, "migrations": True, "worker": True}
            assert not any((tmp_path / name / "uploads").exists() for name in ("a", "b", "worker"))
        finally:
            worker.terminate()
            for server in servers.values():
                if server.poll() is None:
                    stop(server)
            worker.wait(timeout=60)
            for log in logs.values():
                log.close()
