"""Django's flush, which empties the whole database. On SQLite the audit table's DELETE trigger
would stop it (PostgreSQL's flush uses TRUNCATE, which row triggers do not see), so the trigger
is lifted for the flush and put back afterwards. Deleting single audit rows stays impossible."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from backactive.security import db_rules


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        db_rules.lift_sqlite_delete_guard(connection)
        try:
            super().handle(**options)
        finally:
            db_rules.install(connection)
