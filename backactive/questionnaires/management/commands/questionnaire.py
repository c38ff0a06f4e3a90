"""``backactive questionnaire score INSTRUMENT ANSWERS.json``: score one questionnaire, print JSON.

A stable contract: one JSON object on stdout with the instrument's scores under the names its
manual uses (see ``backactive.questionnaires``). Incomplete, unknown, non-integer or out-of-range
answers: exit status 2, one line on stderr naming the item, nothing on stdout. ``-`` reads stdin.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backactive import questionnaires

USAGE_ERROR = 2


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


class Command(BaseCommand):
    help = "Questionnaires: score one set of answers (JSON) and print the scores as JSON."
    # Pure scoring: no models, no database; skipping the checks keeps stderr clean and the command fast.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        score = sub.add_parser("score", help="Score ANSWERS.json for INSTRUMENT and print one JSON object.")
        score.add_argument("instrument", choices=sorted(questionnaires.INSTRUMENTS))
        score.add_argument("answers", help="path to the answers JSON file (item key -> number), or - for stdin")

    def handle(self, *args: Any, **options: Any) -> None:
        source: str = options["answers"]
        try:
            text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise _fail(f"{source}: no such file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise _fail(f"{source}: cannot read the file ({exc.__class__.__name__})") from None
        try:
            answers = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _fail(f"{source}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
        try:
            scores = questionnaires.score(options["instrument"], answers)
        except questionnaires.AnswerError as exc:
            raise _fail(str(exc)) from None
        self.stdout.write(json.dumps(scores))
