from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from backactive.demo import demo


class Command(BaseCommand):
    help = "Create the demo practice with the GPs and patients of the study (Table 2) and 12 weeks of data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="delete and rebuild the demo practice")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reset"]:
            demo.demo_delete()
        if demo.demo_exists():
            self.stdout.write("The demo practice exists already (use --reset to rebuild it).")
            logins = {"admin": ["admin"], "clinician": [g.name.lower() for g in demo.GPS],
                      "assistant": ["mfa"], "patient": [p.name.lower() for p in demo.PATIENTS],
                      "coordinator": ["studie"]}
        else:
            logins = demo.demo_create(today=timezone.localdate())
            self.stdout.write(self.style.SUCCESS(f"Created the demo practice “{demo.DEMO_PRACTICE}”."))
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        self.stdout.write("  GP:                 " + ", ".join(logins["clinician"]))
        self.stdout.write("  practice assistant: " + ", ".join(logins["assistant"]))
        self.stdout.write("  practice admin:     " + ", ".join(logins["admin"]))
        self.stdout.write("  patients:           " + ", ".join(logins["patient"]))
        self.stdout.write("  study coordinator:  " + ", ".join(logins["coordinator"]))
