"""Database triggers that make the audit table append-only for every path, not just the ORM.

PostgreSQL refuses UPDATE and DELETE row by row (TRUNCATE needs table-owner rights; production
runs the app as a role without them, see docs/security.md). SQLite refuses them too; `flush`
(which empties the whole database, e.g. between tests) lifts the DELETE trigger for its own
duration only (management/commands/flush.py). SQLite drops triggers when a migration rebuilds a
table, so they are re-installed after every migrate, idempotently."""

from __future__ import annotations

from typing import Any

TABLE = "security_auditevent"

SQLITE_UPDATE = f"""CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"""
SQLITE_DELETE = f"""CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"""
SQLITE_DROP_DELETE = "DROP TRIGGER IF EXISTS audit_no_delete"

POSTGRES = [
    """CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
       BEGIN
         RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'insufficient_privilege';
       END $$ LANGUAGE plpgsql""",
    f"DROP TRIGGER IF EXISTS audit_append_only ON {TABLE}",
    f"""CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
       FOR EACH ROW EXECUTE FUNCTION audit_append_only()""",
]


def install(connection: Any) -> None:
    if TABLE not in connection.introspection.table_names():
        return
    statements = {"sqlite": [SQLITE_UPDATE, SQLITE_DELETE], "postgresql": POSTGRES}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def lift_sqlite_delete_guard(connection: Any) -> None:
    """Only for `flush`, which empties every table at once."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(SQLITE_DROP_DELETE)
