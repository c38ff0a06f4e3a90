"""`backactive purge`: erase the clinical records whose legal retention has run out (patients who
asked for erasure; see backactive/privacy/services.py). Safe to run daily; a second run does nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from backactive.privacy import services


class Command(BaseCommand):
    help = "Erase locked patient records whose 10-year retention (§ 630f BGB) has ended."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="for tests: YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.retention_purge(today=options["today"])
        self.stdout.write(f"Erased {count} record(s) whose retention period has ended.")
