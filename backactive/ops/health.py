"""What ``/ready/`` checks: the database answers, every migration of this code is applied, and a
background worker was seen within ``WORKER_WITHIN`` seconds."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

WORKER_WITHIN = dt.timedelta(seconds=60)

_migrated = False  # once true it stays true for this code (migrations are not rolled back under it)


def database_ok() -> bool:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("readiness: the database does not answer", exc_info=True)
        return False


def migrations_ok() -> bool:
    global _migrated
    if _migrated:
        return True
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:
        logger.warning("readiness: migrations could not be read", exc_info=True)
        return False
    _migrated = not plan
    return _migrated


def worker_ok(*, now: dt.datetime | None = None) -> bool:
    since = (now or timezone.now()) - WORKER_WITHIN
    try:
        return WorkerHeartbeat.objects.filter(seen_at__gte=since).exists()
    except Exception:
        logger.warning("readiness: the worker's heartbeat could not be read", exc_info=True)
        return False


def readiness() -> dict[str, bool]:
    database = database_ok()
    return {
        "database": database,
        "migrations": database and migrations_ok(),
        "worker": database and worker_ok(),
    }


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def heartbeat_beat(*, name: str, started_at: dt.datetime, now: dt.datetime | None = None) -> None:
    """Called by the worker every few seconds (and at start)."""
    WorkerHeartbeat.objects.update_or_create(
        name=name, defaults={"started_at": started_at, "seen_at": now or timezone.now()}
    )


def heartbeat_stop(*, name: str) -> None:
    """A worker that stops cleanly removes its row (a killed one just stops beating)."""
    WorkerHeartbeat.objects.filter(name=name).delete()
