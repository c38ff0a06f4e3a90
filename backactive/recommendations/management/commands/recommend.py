"""``backactive recommend PROFILE.json [--lang de|en|tr|ru|uk|ar|pl]``: print one recommendation as JSON.

A stable contract other tools depend on: one JSON object on stdout (shape in
``backactive.recommendations.engine``); on invalid input exit status 2, one specific line on
stderr, nothing on stdout. ``-`` reads the profile from stdin.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backactive.recommendations.engine import LANGS, recommend
from backactive.recommendations.profile import ProfileError


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Suggest activities and exercises for a patient profile (JSON file) and print them as JSON."
    # The command touches neither models nor the database; skipping the checks keeps it fast and
    # keeps unrelated warnings off stderr.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("profile", help="path to the profile JSON file, or - for stdin")
        parser.add_argument("--lang", choices=LANGS, default="de", help="language of the texts (default: de)")

    def handle(self, *args: Any, **options: Any) -> None:
        source: str = options["profile"]
        try:
            text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise _fail(f"{source}: no such file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise _fail(f"{source}: cannot read the file ({exc.__class__.__name__})") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _fail(f"{source}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
        try:
            result = recommend(data, lang=options["lang"])
        except ProfileError as exc:
            raise _fail(f"{source}: {exc}") from None
        # Written only after everything succeeded, so a failure never leaves half a result on stdout.
        self.stdout.write(json.dumps(result))
