"""Database rules of the diary (see backactive/diary/db_rules.py, which also re-installs them
after every migrate because SQLite drops triggers when it rebuilds a table)."""

from django.db import migrations

from backactive.diary import db_rules


def _install(apps, schema_editor):  # type: ignore[no-untyped-def]
    db_rules.install(schema_editor.connection)


def _remove(apps, schema_editor):  # type: ignore[no-untyped-def]
    drops = {"sqlite": db_rules.SQLITE_DROP, "postgresql": db_rules.POSTGRES_DROP}
    for sql in drops.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("diary", "0001_initial")]

    operations = [migrations.RunPython(_install, _remove)]
