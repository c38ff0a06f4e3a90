"""`backactive backup --out FILE`: an encrypted, verifiable backup of the whole database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from backactive.security import backup


class Command(BaseCommand):
    help = "Write an encrypted backup (key from BACKACTIVE_BACKUP_KEY) with row counts and checksums."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, help="the backup file to write")
        parser.add_argument("--database", default="default")
        parser.add_argument("--new-key", action="store_true", help="print a new key for BACKACTIVE_BACKUP_KEY")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(Fernet.generate_key().decode())
            return
        if not options["out"]:
            raise CommandError("Give --out FILE.")
        try:
            key = backup.key_from_env()
            connection = connections[options["database"]]
            if connection.vendor == "sqlite":
                connection.ensure_connection()
                data, tables = backup.sqlite_snapshot(connection.connection)
            elif connection.vendor == "postgresql":
                data, tables = backup.pg_snapshot(connection.settings_dict)
            else:
                raise CommandError(f"Backups of {connection.vendor} are not supported.")
            backup.write_atomically(options["out"], backup.pack(connection.vendor, data, tables, key))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in tables.values())
        self.stdout.write(f"Backup written: {options['out']} ({len(tables)} tables, {rows} rows).")
