"""The production server behind ``backactive serve``: gunicorn, embedded.

Why gunicorn (and not waitress, which the project used for its crash test): a pre-fork server
runs one Python process per core, so two cores answer twice the requests (waitress is one process
with threads, all behind one interpreter lock); the arbiter replaces a worker that dies or hangs
(``timeout``) without dropping the listening socket; workers start from a warmed copy and are
recycled after ``max_requests``; and it is what Django's deployment documentation and most
hosting guides describe. Its ``gthread`` workers keep connections alive behind the TLS proxy and
let the threads of one worker wait for the database together (commits share one disk flush).

Prometheus metrics from several processes: each worker writes its figures to files in
``PROMETHEUS_MULTIPROC_DIR`` (a fresh temporary folder per server start, removed at exit; nothing
another instance needs), the ``/metrics`` view adds them up, and a worker that exits is marked dead.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from typing import Any

from gunicorn.app.base import BaseApplication

DEFAULT_BIND = "127.0.0.1:8000"


@dataclass(frozen=True)
class ServeOptions:
    bind: str
    workers: int
    threads: int
    timeout: int
    forwarded_allow_ips: str


def options_from_env(*, bind: str | None = None, workers: int | None = None) -> ServeOptions:
    """Command-line values first, then the environment, then the defaults."""
    env = os.environ
    return ServeOptions(
        bind=bind or env.get("BACKACTIVE_BIND") or DEFAULT_BIND,
        workers=workers or int(env.get("BACKACTIVE_WORKERS") or os.cpu_count() or 2),
        threads=int(env.get("BACKACTIVE_THREADS") or 4),
        timeout=int(env.get("BACKACTIVE_TIMEOUT") or 30),
        forwarded_allow_ips=env.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1",
    )


# gunicorn's own lines (workers booting, exiting, timing out) in the same JSON as the rest.
GUNICORN_JSON_LOGS: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "backactive.ops.logs.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
        "error_console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
    },
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {"gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False}},
}


def _post_fork(server: Any, worker: Any) -> None:
    # prometheus_client picks its storage when first imported, which may have happened in the
    # arbiter (Django's checks import the URL configuration) before the folder was chosen.
    from prometheus_client import values

    values.ValueClass = values.MultiProcessValue()


def _post_worker_init(worker: Any) -> None:
    from .warmup import warm

    warm()


def _child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


class Server(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        o = self.options
        settings: dict[str, Any] = {
            "bind": [b.strip() for b in o.bind.split(",") if b.strip()],
            "workers": o.workers,
            "worker_class": "gthread",
            "threads": o.threads,
            "timeout": o.timeout,
            "graceful_timeout": o.timeout,
            "keepalive": 5,
            "forwarded_allow_ips": o.forwarded_allow_ips,
            # Recycle workers now and then (memory), staggered so they never restart together.
            "max_requests": 20000,
            "max_requests_jitter": 2000,
            # The request log is ours (one JSON line per request, route patterns, no paths).
            "accesslog": None,
            "errorlog": "-",
            "worker_tmp_dir": "/dev/shm" if os.path.isdir("/dev/shm") else None,
            "control_socket_disable": True,
            "proc_name": "backactive",
            "post_fork": _post_fork,
            "post_worker_init": _post_worker_init,
            "child_exit": _child_exit,
        }
        if os.environ.get("LOG_FORMAT", "json") == "json":
            settings["logconfig_dict"] = GUNICORN_JSON_LOGS
        for key, value in settings.items():
            if value is not None:
                self.cfg.set(key, value)

    def load(self) -> Any:
        from django.core.wsgi import get_wsgi_application

        from .proxy import TrustedProxy

        return TrustedProxy(get_wsgi_application(), self.options.forwarded_allow_ips)


def serve(options: ServeOptions) -> None:
    """Run until stopped (SIGTERM or SIGINT: workers finish their requests first)."""
    metrics_dir = tempfile.mkdtemp(prefix="backactive-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    try:
        Server(options).run()
    finally:
        shutil.rmtree(metrics_dir, ignore_errors=True)
