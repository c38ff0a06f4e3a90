"""``backactive serve``: the production server as a deployment runs it. It refuses to start
without SECRET_KEY; it warms every worker before the first request; /health/ and /ready/ answer
over plain HTTP while every other path goes to HTTPS; the log is one JSON line per request;
metrics of all workers add up at /metrics."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import requests

from tests.ops.serving import BACKACTIVE, ROOT, free_port, migrate, server_env, start, stop

TOKEN = "metrics-token-for-the-test"


def test_serve_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = server_env(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env.pop("SECRET_KEY")
    env["DEBUG"] = "1"  # left over in the environment: production settings ignore it
    done = subprocess.run([*BACKACTIVE, "serve", "--bind", f"127.0.0.1:{free_port()}"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "SECRET_KEY must be set" in done.stderr and "Traceback" not in done.stderr


def test_serve_in_production(tmp_path: Path) -> None:
    env = server_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", BACKACTIVE_METRICS_TOKEN=TOKEN)
    migrate(env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "server.log"
    with log_path.open("wb") as log:
        server = start(env, port, workers=2, log=log)
        try:
            # Plain HTTP: the load balancer's two paths answer, everything else goes to HTTPS.
            assert requests.get(f"{base}/health/", timeout=10).text == "ok"
            ready = requests.get(f"{base}/ready/", timeout=10, allow_redirects=False)
            assert ready.status_code == 503 and ready.json() == {"database": True, "migrations": True,
                                                                  "worker": False}
            page = requests.get(f"{base}/patients/17/", timeout=10, allow_redirects=False)
            assert page.status_code == 301 and page.headers["Location"] == f"https://127.0.0.1:{port}/patients/17/"
            # Behind the TLS proxy (a trusted peer says https): the page itself, here the login.
            proxied = requests.get(f"{base}/patients/17/", timeout=10, allow_redirects=False,
                                   headers={"X-Forwarded-Proto": "https"})
            assert proxied.status_code == 302 and "/accounts/login/" in proxied.headers["Location"]
            assert "max-age=31536000" in proxied.headers["Strict-Transport-Security"]
            # Every worker counts; /metrics adds them all up.
            session = requests.Session()
            for _ in range(40):
                assert session.get(f"{base}/health/", timeout=10).status_code == 200
            for _ in range(10):
                requests.get(f"{base}/health/", timeout=10)  # new connections: other workers too
            https = {"X-Forwarded-Proto": "https"}
            assert requests.get(f"{base}/metrics", headers=https, timeout=10).status_code == 401
            metrics = requests.get(f"{base}/metrics", timeout=10,
                                   headers={**https, "Authorization": f"Bearer {TOKEN}"})
            assert metrics.status_code == 200
            counted = re.search(r'backactive_http_requests_total\{method="GET",route="/health/",status="200"\} (\S+)',
                                metrics.text)
            assert counted and float(counted.group(1)) >= 51
        finally:
            stop(server)
    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    warmed = [line for line in lines if line["msg"] == "worker warmed"]
    assert len(warmed) == 2 and all(line["views"] > 50 and line["templates"] > 30 for line in warmed)
    requests_logged = [line for line in lines if line["msg"] == "request"]
    assert {"/patients/<int:patient_id>/", "/health/", "/ready/", "/metrics"} <= {r["route"] for r in requests_logged}
    assert "/patients/17/" not in log_path.read_text()
    assert not [line for line in log_path.read_text().splitlines() if line.strip() and not line.startswith("{")]
