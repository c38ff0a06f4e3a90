"""``backactive send_questionnaire_reminders``: e-mail the patients who opted in to reminders
about their due questionnaires, now. Idempotent (at most one reminder per questionnaire a week); the
worker sends them daily by itself (``studies.jobs``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from backactive.studies.notify import reminders_send


class Command(BaseCommand):
    help = "Send e-mail reminders about due questionnaires (patients who opted in only)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = reminders_send()
        self.stdout.write(
            f"patients with open questionnaires: {result.patients}, sent: {result.sent}, failed: {result.failed}"
        )
