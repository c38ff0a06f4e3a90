"""The weekly sums of the diary (``DiaryWeek``), kept by the database itself.

Triggers on the two entry tables add an entry to its week's row on INSERT, take it off on DELETE
and do both on UPDATE, and drop a week's row when its last entry goes. Being in the database, they
see every write whatever made it: the phone's sync and its offline queue, staff forms, corrections
(a correction deletes the entry and adds its replacement), imports in bulk, a script, the cascade
of an erasure. The same triggers drop the patient's stored chart (``DiaryChart``), so no chart
drawn from an erased or corrected value outlives the write. Sums of integers, so the rows always
equal a recomputation from the entries (tests/diary/test_weeks.py checks that after each write
path).

A restored PostgreSQL dump loads its rows before it creates the triggers and a restored SQLite file
is a copy of the pages, so restore brings the sums as they were backed up; ``rebuild`` recomputes
them from the entries all the same (the migration that made the table and ``restore`` call it).
SQLite drops a table's triggers when a migration rebuilds it, so they are (re)installed after every
migrate, idempotently, like ``db_rules``."""

from __future__ import annotations

from typing import Any

TABLE = "diary_diaryweek"
CHART = "diary_diarychart"  # the stored chart, dropped by every write (it may show the old values)
# (table, column summed, counter column, sum column)
_KINDS = (("diary_painentry", "pain", "pain_entries", "pain_sum"),
          ("diary_activityentry", "minutes", "activity_entries", "minutes"))
_SQLITE_MONDAY = "date({d}, 'weekday 0', '-6 days')"  # weeks run Monday to Sunday
_PG_MONDAY = "date_trunc('week', {d})::date"


def _sqlite_take(table: str, value: str, count: str, total: str) -> str:
    monday = _SQLITE_MONDAY.format(d="OLD.date")
    return (f"UPDATE {TABLE} SET {total} = {total} - OLD.{value}, {count} = {count} - 1 "
            f"WHERE patient_id = OLD.patient_id AND week = {monday}; "
            f"DELETE FROM {TABLE} WHERE patient_id = OLD.patient_id AND week = {monday} "
            "AND pain_entries = 0 AND activity_entries = 0; "
            f"DELETE FROM {CHART} WHERE patient_id = OLD.patient_id;")


def _sqlite_add(table: str, value: str, count: str, total: str) -> str:
    monday = _SQLITE_MONDAY.format(d="NEW.date")
    columns = {"minutes": "0", "activity_entries": "0", "pain_sum": "0", "pain_entries": "0",
               total: f"NEW.{value}", count: "1"}
    return (f"INSERT INTO {TABLE} (patient_id, week, {', '.join(columns)}) "
            f"VALUES (NEW.patient_id, {monday}, {', '.join(columns.values())}) "
            f"ON CONFLICT (patient_id, week) DO UPDATE SET {total} = {total} + excluded.{total}, "
            f"{count} = {count} + 1; "
            f"DELETE FROM {CHART} WHERE patient_id = NEW.patient_id;")


def _sqlite() -> list[str]:
    statements = []
    for table, value, count, total in _KINDS:
        name = f"{table}_week"
        take, add = _sqlite_take(table, value, count, total), _sqlite_add(table, value, count, total)
        statements += [
            f"CREATE TRIGGER {name}_ins AFTER INSERT ON {table} BEGIN {add} END",
            f"CREATE TRIGGER {name}_del AFTER DELETE ON {table} BEGIN {take} END",
            f"CREATE TRIGGER {name}_upd AFTER UPDATE OF patient_id, date, {value} ON {table} "
            f"BEGIN {take} {add} END",
        ]
    return statements


def _postgres() -> list[str]:
    statements = []
    for table, value, count, total in _KINDS:
        old, new = _PG_MONDAY.format(d="OLD.date"), _PG_MONDAY.format(d="NEW.date")
        columns = {"minutes": "0", "activity_entries": "0", "pain_sum": "0", "pain_entries": "0",
                   total: f"NEW.{value}", count: "1"}
        statements += [
            f"""CREATE OR REPLACE FUNCTION {table}_week() RETURNS trigger AS $$
               BEGIN
                 IF TG_OP IN ('UPDATE', 'DELETE') THEN
                   UPDATE {TABLE} SET {total} = {total} - OLD.{value}, {count} = {count} - 1
                    WHERE patient_id = OLD.patient_id AND week = {old};
                   DELETE FROM {TABLE} WHERE patient_id = OLD.patient_id AND week = {old}
                    AND pain_entries = 0 AND activity_entries = 0;
                   DELETE FROM {CHART} WHERE patient_id = OLD.patient_id;
                 END IF;
                 IF TG_OP IN ('INSERT', 'UPDATE') THEN
                   INSERT INTO {TABLE} (patient_id, week, {', '.join(columns)})
                   VALUES (NEW.patient_id, {new}, {', '.join(columns.values())})
                   ON CONFLICT (patient_id, week) DO UPDATE SET {total} = {TABLE}.{total} + EXCLUDED.{total},
                     {count} = {TABLE}.{count} + 1;
                   DELETE FROM {CHART} WHERE patient_id = NEW.patient_id;
                 END IF;
                 RETURN NULL;
               END $$ LANGUAGE plpgsql""",
            f"DROP TRIGGER IF EXISTS {table}_week ON {table}",
            f"""CREATE TRIGGER {table}_week AFTER INSERT OR DELETE OR UPDATE OF patient_id, date, {value}
               ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_week()""",
        ]
    return statements


def drop_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {t}_week_{op}" for t, *_ in _KINDS for op in ("ins", "del", "upd")]
    if vendor == "postgresql":
        return [s for t, *_ in _KINDS for s in (f"DROP TRIGGER IF EXISTS {t}_week ON {t}",
                                                  f"DROP FUNCTION IF EXISTS {t}_week()")]
    return []


def tables_exist(connection: Any) -> bool:
    names = connection.introspection.table_names()
    return TABLE in names and all(t in names for t, *_ in _KINDS)


def install(connection: Any) -> None:
    """Create (or re-create) the triggers on ``connection``'s database (idempotent)."""
    creates = {"sqlite": _sqlite(), "postgresql": _postgres()}.get(connection.vendor, [])
    statements = (drop_statements("sqlite") if connection.vendor == "sqlite" else []) + creates
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def rebuild(connection: Any, *, patient_ids: list[int] | None = None) -> int:
    """Recompute the weekly sums from the entries (all patients, or ``patient_ids``), in one
    transaction; returns the number of week rows written. Idempotent."""
    from django.db import transaction

    monday = (_SQLITE_MONDAY if connection.vendor == "sqlite" else _PG_MONDAY).format(d="date")
    where, params = "", []
    if patient_ids is not None:
        if not patient_ids:
            return 0
        where = f"WHERE patient_id IN ({', '.join(['%s'] * len(patient_ids))})"
        params = list(patient_ids)
    entries = (f"SELECT patient_id, {monday} AS week, 0 AS minutes, 0 AS activity_entries, pain AS pain_sum, "
               f"1 AS pain_entries FROM diary_painentry {where} UNION ALL "
               f"SELECT patient_id, {monday}, minutes, 1, 0, 0 FROM diary_activityentry {where}")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} {where}", params)
        cursor.execute(
            f"INSERT INTO {TABLE} (patient_id, week, minutes, activity_entries, pain_sum, pain_entries) "
            f"SELECT patient_id, week, SUM(minutes), SUM(activity_entries), SUM(pain_sum), SUM(pain_entries) "
            f"FROM ({entries}) AS e GROUP BY patient_id, week", params * 2)
        return int(cursor.rowcount)
