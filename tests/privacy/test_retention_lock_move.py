"""The retention lock moved from security to privacy in Django's state only: the table, its name,
its columns and its rows stay as they were (privacy 0002, security 0003)."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations import SeparateDatabaseAndState
from django.db.migrations.executor import MigrationExecutor

from backactive.privacy.models import RetentionLock

MOVE = [
    "backactive.privacy.migrations.0002_retentionlock",
    "backactive.security.migrations.0003_retentionlock_to_privacy",
]


def test_the_move_changes_no_table() -> None:
    for name in MOVE:
        operations = import_module(name).Migration.operations
        assert operations and all(
            isinstance(op, SeparateDatabaseAndState) and op.database_operations == [] for op in operations
        ), name


@pytest.mark.django_db
def test_the_lock_keeps_its_table_and_columns() -> None:
    assert RetentionLock._meta.db_table == "security_retentionlock"
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, "security_retentionlock")}
    assert columns == {f.column for f in RetentionLock._meta.concrete_fields}


@pytest.mark.django_db(transaction=True)
def test_a_lock_stored_before_the_move_is_there_after_it() -> None:
    executor = MigrationExecutor(connection)
    before = [("security", "0002_retentionlock"), ("privacy", "0001_initial")]
    executor.migrate(before)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO security_retentionlock (patient_id, practice_id, requested_at, erase_after) "
            "VALUES (%s, %s, %s, %s)", [4711, 1, dt.datetime(2026, 1, 2, tzinfo=dt.UTC), dt.date(2036, 1, 2)]
        )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    lock = RetentionLock.objects.get(patient_id=4711)
    assert lock.erase_after == dt.date(2036, 1, 2) and lock.erased_at is None
