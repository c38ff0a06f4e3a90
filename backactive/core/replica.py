"""Read-only work on a read replica (``DATABASE_REPLICA_URL``, a PostgreSQL hot standby).

Nothing reads the replica by accident: only code inside ``replica_reads()`` does (the FHIR API's
reads and the research export), and only for the clinical record's models (``RECORD_APPS``).
Everything else reads the primary even there: tokens and clients (a revoked token stops at
once), Bulk export status and files, FHIR versions (ETags), jobs, sessions, the audit trail.
Every write goes to the primary, so the audit row of a read served by the replica is where
backups and exports find it. Inside a transaction on the primary, reads stay on the primary
(what the transaction wrote is not on the replica). Without a replica the router answers
"default" for everything.

A replica lags the primary by the time it takes to replay (milliseconds, seconds under load):
a read served from it may miss the last moments' changes, which is why only reads that may be
a moment old go there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
# The apps whose rows make up a patient's record as the FHIR API and the research export show it.
RECORD_APPS = frozenset({"patients", "diary", "consultations", "privacy", "questionnaires", "accounts"})

_reading = ContextVar("replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within this block, reads of the record's models may be served by the replica."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def replica_in_use() -> bool:
    return bool(settings.REPLICA_READS) and REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        if (
            _reading.get()
            and model._meta.app_label in RECORD_APPS
            and replica_in_use()
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the primary's rows: an object read there relates to one here

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # the standby replays the primary's schema


def replica_read_time(now: dt.datetime) -> dt.datetime:
    """The time up to which reads inside ``replica_reads()`` are complete, for an export's
    ``transactionTime``: ``now`` on the primary; with a replica, the commit time of the last
    transaction it replayed, if earlier. Never later than the data, so an incremental export
    from that time misses nothing (it may send a few resources again, which clients expect)."""
    if not replica_in_use():
        return now
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_last_xact_replay_timestamp()")
        row = cursor.fetchone()
    replayed = row[0] if row else None
    return min(now, replayed) if replayed is not None else now
