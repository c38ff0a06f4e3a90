"""Diary rules that CHECK constraints cannot express, enforced by the database itself so that no
path (a script, a bulk import, a bug) can store them: no diary date after tomorrow (the server runs
in UTC, the practice in Europe/Berlin, so "today" in Berlin can be tomorrow in UTC) and no day with
more than 24 hours of activity.

SQLite drops a table's triggers whenever a migration rebuilds the table (e.g. when a CHECK
constraint changes), so the triggers are (re)installed after every migrate, idempotently."""

from __future__ import annotations

from typing import Any

SQLITE = [
    """CREATE TRIGGER diary_pain_no_future BEFORE INSERT ON diary_painentry
       WHEN NEW.date > date('now', '+1 day')
       BEGIN SELECT RAISE(ABORT, 'diary date in the future'); END""",
    """CREATE TRIGGER diary_pain_no_future_upd BEFORE UPDATE OF date ON diary_painentry
       WHEN NEW.date > date('now', '+1 day')
       BEGIN SELECT RAISE(ABORT, 'diary date in the future'); END""",
    """CREATE TRIGGER diary_activity_no_future BEFORE INSERT ON diary_activityentry
       WHEN NEW.date > date('now', '+1 day')
       BEGIN SELECT RAISE(ABORT, 'diary date in the future'); END""",
    """CREATE TRIGGER diary_activity_day_total BEFORE INSERT ON diary_activityentry
       WHEN (SELECT COALESCE(SUM(minutes), 0) FROM diary_activityentry
             WHERE patient_id = NEW.patient_id AND date = NEW.date) + NEW.minutes > 1440
       BEGIN SELECT RAISE(ABORT, 'more than 24 hours of activity on one day'); END""",
    """CREATE TRIGGER diary_activity_rules_upd BEFORE UPDATE ON diary_activityentry
       WHEN NEW.date > date('now', '+1 day')
         OR (SELECT COALESCE(SUM(minutes), 0) FROM diary_activityentry
             WHERE patient_id = NEW.patient_id AND date = NEW.date AND id != OLD.id) + NEW.minutes > 1440
       BEGIN SELECT RAISE(ABORT, 'diary rules violated'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS diary_pain_no_future",
    "DROP TRIGGER IF EXISTS diary_pain_no_future_upd",
    "DROP TRIGGER IF EXISTS diary_activity_no_future",
    "DROP TRIGGER IF EXISTS diary_activity_day_total",
    "DROP TRIGGER IF EXISTS diary_activity_rules_upd",
]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION diary_no_future() RETURNS trigger AS $$
       BEGIN
         IF NEW.date > (now() AT TIME ZONE 'UTC')::date + 1 THEN
           RAISE EXCEPTION 'diary date in the future' USING ERRCODE = 'check_violation';
         END IF;
         RETURN NEW;
       END $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE FUNCTION diary_activity_day_total() RETURNS trigger AS $$
       BEGIN
         IF (SELECT COALESCE(SUM(minutes), 0) FROM diary_activityentry
             WHERE patient_id = NEW.patient_id AND date = NEW.date
               AND (TG_OP = 'INSERT' OR id <> OLD.id)) + NEW.minutes > 1440 THEN
           RAISE EXCEPTION 'more than 24 hours of activity on one day' USING ERRCODE = 'check_violation';
         END IF;
         RETURN NEW;
       END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER diary_pain_no_future BEFORE INSERT OR UPDATE ON diary_painentry
       FOR EACH ROW EXECUTE FUNCTION diary_no_future()""",
    """CREATE TRIGGER diary_activity_no_future BEFORE INSERT OR UPDATE ON diary_activityentry
       FOR EACH ROW EXECUTE FUNCTION diary_no_future()""",
    """CREATE TRIGGER diary_activity_day_total BEFORE INSERT OR UPDATE ON diary_activityentry
       FOR EACH ROW EXECUTE FUNCTION diary_activity_day_total()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS diary_activity_day_total ON diary_activityentry",
    "DROP TRIGGER IF EXISTS diary_activity_no_future ON diary_activityentry",
    "DROP TRIGGER IF EXISTS diary_pain_no_future ON diary_painentry",
    "DROP FUNCTION IF EXISTS diary_activity_day_total()",
    "DROP FUNCTION IF EXISTS diary_no_future()",
]




def install(connection: Any) -> None:
    """Create (or re-create) the triggers on ``connection``'s database."""
    vendor = connection.vendor
    drops = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP[:3]}.get(vendor, [])
    creates = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, [])
    with connection.cursor() as cursor:
        for sql in drops + creates:
            cursor.execute(sql)


def tables_exist(connection: Any) -> bool:
    names = connection.introspection.table_names()
    return "diary_painentry" in names and "diary_activityentry" in names
