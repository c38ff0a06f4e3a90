"""``backactive exercises render CODE [--level N] [--animated] --out FILE.svg [--lang de|en]``:
one exercise's drawing with a ``<title>`` and ``<desc>`` text alternative. An unknown code or
level is exit status 2 and one line on stderr; nothing is written then."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backactive.exercises.drawings import DrawingNotFound, drawing
from backactive.recommendations.engine import LANGS

USAGE_ERROR = 2


def _level(value: str) -> int:
    if value not in ("1", "2", "3"):
        raise CommandError(f"unknown level {value!r} (levels are 1, 2 and 3)", returncode=USAGE_ERROR)
    return int(value)


class Command(BaseCommand):
    help = "Home exercises: draw one as SVG."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        render = sub.add_parser("render", help="Write one exercise's still (or animation) as SVG.")
        render.add_argument("code")
        render.add_argument("--level", default="2", help="1 easier, 2 standard (default), 3 harder")
        render.add_argument("--animated", action="store_true", help="the animation instead of the still")
        render.add_argument("--out", type=Path, required=True, help="the SVG file to write")
        # The drawings' own words (poses.toml) are German and English; the patient languages
        # reach the pages through the plan page's alternative text.
        render.add_argument("--lang", choices=[lang for lang in LANGS if lang in ("de", "en")], default="de",
                            help="language of the text alternative")

    def handle(self, *args: Any, **options: Any) -> None:
        level = _level(options["level"])
        try:
            svg = drawing(options["code"], level=level, animated=options["animated"], lang=options["lang"])
        except DrawingNotFound as exc:
            raise CommandError(str(exc), returncode=USAGE_ERROR) from None
        out: Path = options["out"]
        try:
            out.write_text(svg + "\n", encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"{out}: cannot write ({exc.__class__.__name__})", returncode=USAGE_ERROR) from None
