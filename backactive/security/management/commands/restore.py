"""`backactive restore FILE`: restore an encrypted backup into an empty database and check every
table's row count and checksum against the backup's manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from backactive.diary import weeks
from backactive.security import backup


class Command(BaseCommand):
    help = "Restore a backup into an empty database and verify it against its manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key = backup.key_from_env()
            manifest, data = backup.unpack(options["file"].read_bytes(), key)
            connection = connections[options["database"]]
            if manifest["vendor"] != connection.vendor:
                raise CommandError(f"This is a {manifest['vendor']} backup; the database is {connection.vendor}.")
            if connection.vendor == "sqlite":
                connection.ensure_connection()
                found = backup.sqlite_restore(data, connection.connection)
            else:
                connection.close()
                found = backup.pg_restore(data, connection.settings_dict)
            backup.verify(manifest["tables"], found)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if weeks.tables_exist(connection):  # a backup older than the weekly sums gets them from migrate
            # The sums came back as they were backed up; recomputed from the entries, they are
            # right even if the backup's were not (they are derived, so the manifest check above
            # stays the check of what was backed up).
            weeks.rebuild(connection)
        rows = sum(t["rows"] for t in found.values())
        self.stdout.write(f"Restored and verified: {len(found)} tables, {rows} rows, as of {manifest['created_at']}.")
