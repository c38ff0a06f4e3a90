"""The worker's heartbeat: a thread beside ``backactive worker`` that writes its row every
``EVERY`` seconds, so ``/ready/`` on any app instance knows whether jobs are being run. A worker
that stops cleanly removes its row; a killed one just stops beating (and is "no worker" after
60 seconds)."""

from __future__ import annotations

import logging
import threading

from django.db import connections
from django.utils import timezone

from .health import heartbeat_beat, heartbeat_stop, worker_name

logger = logging.getLogger(__name__)

EVERY = 10.0  # seconds; well inside the 60 s that /ready/ allows


class Heartbeat:
    def __init__(self, *, every: float = EVERY) -> None:
        self.every = every
        self.name = worker_name()
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="worker-heartbeat", daemon=True)

    def start(self) -> None:
        self._beat()  # at once, in the caller's thread: a worker that cannot write does not start
        self._thread.start()

    def _beat(self) -> None:
        heartbeat_beat(name=self.name, started_at=self.started_at)

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.every):
                try:
                    self._beat()
                except Exception:  # the database is away for a moment: try again next time
                    logger.warning("worker heartbeat not written", exc_info=True)
                    connections.close_all()
        finally:
            connections.close_all()  # this thread's own connection

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.every + 5)
        try:
            heartbeat_stop(name=self.name)
        except Exception:
            logger.warning("worker heartbeat not removed", exc_info=True)
