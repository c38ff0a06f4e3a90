"""``backactive diary_weeks``: recompute the diary's weekly sums (``DiaryWeek``) from the entries,
in one transaction, and say how many week rows there are. Idempotent; the app may keep serving.
Triggers keep the sums on every write (``backactive/diary/weeks.py``); this is for a database whose
triggers were dropped or bypassed (``restore`` runs the same recomputation itself)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connections

from backactive.diary import weeks


class Command(BaseCommand):
    help = "Recompute the diary's weekly sums from the entries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        weeks.install(connection)  # and make sure the triggers keep them from now on
        rows = weeks.rebuild(connection)
        self.stdout.write(f"Weekly sums recomputed: {rows} weeks.")
