"""``backactive send_reminders``: send the e-mail reminders that are due. Safe to run as often as
you like (e.g. hourly from cron): each message goes out once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from backactive.reminders.sending import send_due_reminders


class Command(BaseCommand):
    help = "Send due e-mail reminders (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_due_reminders()
        self.stdout.write(f"checked {result.checked}, sent {result.sent}, failed {result.failed}")
