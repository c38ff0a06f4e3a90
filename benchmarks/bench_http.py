"""``make bench-http``: BackActive over HTTP as deployed. ``backactive serve`` runs with the
production settings and 2 workers, first on SQLite, then on PostgreSQL (a throwaway server of
its own with production durability: fsync and synchronous_commit on), behind a pretend TLS proxy
(X-Forwarded-Proto from 127.0.0.1). wrk keeps 8 connections busy for 15 s per figure.

Figures, each beside /health/ requested with the same session just before it (the floor: what
any request of that user costs, session and login check included):
- GP page of a patient with a year of daily entries (10,000 patients in the practice);
- the patient list (first page of 10,000);
- the handout (PDF; POST, as the print button does) of that patient's plan: reprints, which show
  the patient's open invitation again and come from the kept PDF (handouts/printing.py) once the
  first request laid it out;
- single diary writes: 8 patients, one entry per request to the sync endpoint, every entry
  acknowledged as stored checked in the database afterwards (none lost, none twice).

    .venv/bin/python benchmarks/bench_http.py [sqlite] [postgresql]

Knobs: BENCH_SECONDS (15), BENCH_CONNECTIONS (8), BENCH_WORKERS (2), BENCH_PG_URL (an existing
PostgreSQL server instead of a throwaway one; the database bench_http is created in it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import _wrk  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
PASSWORD = "bench-http-passphrase-1"
SECRET_KEY = "bench-http-secret-key-not-for-deployment"


def _env(database_url: str, data_dir: Path) -> dict[str, str]:
    static = data_dir / "static"
    static.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY=SECRET_KEY,
               DATABASE_URL=database_url, ALLOWED_HOSTS="127.0.0.1", BACKACTIVE_DATA_DIR=str(data_dir),
               STATIC_ROOT=str(static), PYTHONPATH=str(ROOT))
    return env


def _start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    import requests

    server = subprocess.Popen([sys.executable, "-m", "backactive.cli", "serve", "--bind", f"127.0.0.1:{port}",
                               "--workers", str(WORKERS)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=log.open("wb"))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/health/", timeout=5).status_code == 200:
                time.sleep(3)  # every worker warmed, not just the first
                return server
        except requests.RequestException:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"the server did not start; see {log}")


def _measure(base: str, users: list[dict[str, str]], path: str, *, method: str = "GET",
             headers: dict[str, str] | None = None, write: bool = False) -> dict[str, Any]:
    """The floor (/health/ as the same users), then the figure."""
    from _http_fill import https_headers

    common = https_headers(base)
    cookies, csrfs = [u["cookie"] for u in users], [u["csrf"] for u in users]
    floor = _wrk.run(f"{base}/health/", cookies=cookies, headers=common, connections=CONNECTIONS, seconds=SECONDS)
    figure = _wrk.run(f"{base}{path}", cookies=cookies, csrfs=csrfs, headers={**common, **(headers or {})},
                      method=method, write=write, connections=CONNECTIONS, seconds=SECONDS)
    figure["floor_median_ms"] = floor["median_ms"]
    figure["floor_p95_ms"] = floor["p95_ms"]
    figure["floor_per_s"] = floor["per_s"]
    figure["median_over_floor"] = round(figure["median_ms"] / floor["median_ms"], 1) if floor["median_ms"] else None
    return figure


def child(database: str) -> dict[str, Any]:
    from _pgcluster import Cluster

    tmp = Path(tempfile.mkdtemp(prefix="backactive-bench-http-"))
    cluster = None
    if database == "sqlite":
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    elif os.environ.get("BENCH_PG_URL"):
        url = os.environ["BENCH_PG_URL"].rsplit("/", 1)[0] + "/bench_http"
    else:
        cluster = Cluster()
        cluster.start()
        url = cluster.url("bench_http")
    try:
        env = _env(url, tmp)
        os.environ.update(env)
        if database == "postgresql":
            import psycopg

            admin_url = url.rsplit("/", 1)[0] + "/postgres"
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute("DROP DATABASE IF EXISTS bench_http")
                conn.execute("CREATE DATABASE bench_http")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from _http_fill import fill, free_port, login

        ids = fill(PASSWORD)
        from django.db import connection

        connection.close()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = _start_server(env, port, tmp / "server.log")
        try:
            gp = login(base, "bench_gp", PASSWORD)
            phones = [login(base, f"bench_phone_{n}", PASSWORD) for n in range(CONNECTIONS)]
            figures = {
                "gp_page": _measure(base, [gp], f"/patients/{ids['patient']}/"),
                "patient_list": _measure(base, [gp], "/patients/"),
                "handout": _measure(base, [gp], f"/plans/{ids['plan']}/handout.pdf", method="POST"),
                "diary_write": _measure(base, phones, "/me/sync/", method="POST",
                                        headers={"Content-Type": "application/json"}, write=True),
            }
        finally:
            server.terminate()
            server.wait(timeout=60)
        from _http_fill import stored_writes

        figures["diary_write"]["stored"] = stored_writes()
        writes = figures["diary_write"]
        writes["lost"] = max(0, writes["acknowledged"] - writes["stored"])
        connection.close()
        return {"database": database, "workers": WORKERS, "connections": CONNECTIONS, "seconds": SECONDS,
                "handout_pages": ids["handout_pages"], "load_before": os.getloadavg()[0], **figures}
    finally:
        if cluster is not None:
            from django.db import connections

            connections.close_all()
            cluster.stop()


TARGETS = ("GP page median <= 5 ms, >= 350/s, <= 3x floor; handout median <= 10 ms; "
           "PostgreSQL writes >= 600/s, none lost")


def main(databases: list[str]) -> int:
    if not _wrk.available():
        print("bench-http needs wrk (Debian/Ubuntu: apt-get install wrk)", file=sys.stderr)
        return 2
    failed = 0
    for database in databases or ["sqlite", "postgresql"]:
        done = subprocess.run([sys.executable, __file__, "--child", database], cwd=ROOT, capture_output=True,
                              text=True, check=False)
        lines = done.stdout.strip().splitlines()
        if done.returncode or not lines:
            failed += 1
            print(json.dumps({"database": database, "error": (done.stderr.strip().splitlines() or ["?"])[-1]}))
            print(done.stderr[-3000:], file=sys.stderr)
            continue
        result = json.loads(lines[-1])
        print(f"== {database}: {result['workers']} workers, {result['connections']} connections, "
              f"{result['seconds']} s each, load {result['load_before']:.1f} ==")
        for name in ("gp_page", "patient_list", "handout", "diary_write"):
            f = result[name]
            extra = (f", acknowledged {f['acknowledged']}, stored {f['stored']}, lost {f['lost']}"
                     if "stored" in f else "")
            print(f"{name:13} median {f['median_ms']:7.2f} ms  p95 {f['p95_ms']:7.2f} ms  {f['per_s']:7.1f}/s  "
                  f"| /health/ floor {f['floor_median_ms']:5.2f} ms {f['floor_per_s']:7.1f}/s  "
                  f"x{f['median_over_floor']}  errors {f['errors'] + f['non_2xx_3xx']}{extra}")
        print(json.dumps(result))
    print(f"targets: {TARGETS}")
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(child(sys.argv[2])))
    else:
        raise SystemExit(main(sys.argv[1:]))
