"""``backactive effects DIARY.json [--threshold-minutes N] [--lang de|en]``: what activity goes
together with in a pain diary, as one JSON object (keys in ``backactive.diary.effects.report``).

A stable contract: one JSON object on stdout; on invalid input (unreadable file, malformed JSON,
pain outside 0-10, negative minutes, unknown intensity, a bad or future date, a threshold below
1) exit status 2 with one line on stderr naming the problem and nothing on stdout. ``-`` reads
the diary from stdin. Dates are checked against today in the practice's time zone.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from backactive.diary.effects import DEFAULT_THRESHOLD_MINUTES, DiaryError, analyse, daily, parse_diary, report
from backactive.diary.effects.diary_input import MAX_MINUTES_PER_DAY
from backactive.diary.effects.words import LANGS


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Compare pain after active and rest days in a diary (JSON file) and print the result as JSON."
    # Neither models nor the database are touched; skipping the checks keeps stderr clean.
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        # The contract promises one line on bad input; argparse would print its usage first.
        def one_line(message: str) -> NoReturn:
            if not parser.called_from_command_line:
                raise _fail(message)
            sys.stderr.write(f"{parser.prog}: error: {message}\n")
            sys.exit(2)

        setattr(parser, "error", one_line)  # noqa: B010 (mypy refuses assigning to a method)
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("diary", help="path to the diary JSON file, or - for stdin")
        parser.add_argument(
            "--threshold-minutes", type=int, default=DEFAULT_THRESHOLD_MINUTES,
            help=f"minutes of activity that make a day active (default: {DEFAULT_THRESHOLD_MINUTES})",
        )
        parser.add_argument("--lang", choices=LANGS, default="de", help="language of the texts (default: de)")

    def handle(self, *args: Any, **options: Any) -> None:
        source: str = options["diary"]
        threshold: int = options["threshold_minutes"]
        if not 1 <= threshold <= MAX_MINUTES_PER_DAY:
            raise _fail(f"--threshold-minutes must be between 1 and {MAX_MINUTES_PER_DAY}, got {threshold}")
        if options["lang"] not in LANGS:  # call_command bypasses argparse's choices
            raise _fail(f"--lang must be one of {', '.join(LANGS)}, got {options['lang']!r}")
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
            diary = parse_diary(data, today=timezone.localdate())
        except DiaryError as exc:
            raise _fail(f"{source}: {exc}") from None
        result = report(analyse(daily(diary.pain, diary.activity), threshold_minutes=threshold), lang=options["lang"])
        self.stdout.write(json.dumps(result, ensure_ascii=False))
