"""Starting real ``backactive serve`` processes for tests (and their database)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

import requests

ROOT = Path(__file__).resolve().parents[2]
BACKACTIVE = [sys.executable, "-m", "backactive.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    static = Path(tempfile.gettempdir()) / "backactive-test-static"  # collectstatic's folder, empty here
    static.mkdir(exist_ok=True)
    # The replica's URL names the standby's own database, not the test database: left out.
    skip = ("DATABASE_URL", "DATABASE_REPLICA_URL", "DEBUG", "DJANGO_SETTINGS_MODULE")
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update(DATABASE_URL=database_url, SECRET_KEY="serve-test-secret-key", ALLOWED_HOSTS="127.0.0.1,localhost",
               TWO_FACTOR_REQUIRED="0", BACKACTIVE_THREADS="4", PYTHONPATH=str(ROOT),
               STATIC_ROOT=str(static))
    env.update(extra)
    return env


def migrate(env: dict[str, str]) -> None:
    subprocess.run([*BACKACTIVE, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)


def start(env: dict[str, str], port: int, *, workers: int = 2, log: IO[bytes] | None = None,
          ready_path: str = "/health/", own_group: bool = False) -> subprocess.Popen[bytes]:
    """``own_group``: in a process group of its own, so that ``os.killpg`` takes the master and
    its workers at once (a machine that dies)."""
    server = subprocess.Popen([*BACKACTIVE, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log or subprocess.DEVNULL,
                              start_new_session=own_group)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server exited with {server.returncode}")
        try:
            if requests.get(f"http://127.0.0.1:{port}{ready_path}", timeout=5).status_code == 200:
                return server
        except requests.RequestException:
            time.sleep(0.1)  # still starting
    server.kill()
    raise AssertionError("the server did not start")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
