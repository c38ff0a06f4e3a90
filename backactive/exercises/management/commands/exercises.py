"""``backactive exercises render CODE [--level N] [--animated] --out FILE.svg [--lang L]``:
one exercise's drawing with a ``<title>`` and ``<desc>`` text alternative. An unknown code or
level is exit status 2 and one line on stderr; nothing is written then.

``backactive exercises list --json [--lang L]``: every home exercise as a JSON array of
{"code", "title", "position", "components", "needs", "levels": [{"level", "dose",
"instructions"}], "contraindications"} (contraindications: the condition codes that exclude it).

``L`` is any patient language (de, en, tr, ru, uk, ar, pl), as elsewhere.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backactive.exercises.drawings import DrawingNotFound, drawing
from backactive.recommendations.engine import LANGS
from backactive.recommendations.knowledge import load_knowledge
from backactive.recommendations.knowledge.contraindications import contraindications

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
        render.add_argument("--lang", choices=LANGS, default="de", help="language of the text alternative")
        listing = sub.add_parser("list", help="Every exercise with its levels, doses and contraindications.")
        listing.add_argument("--json", action="store_true", required=True, help="print one JSON array")
        listing.add_argument("--lang", choices=LANGS, default="de", help="language of the texts")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self.stdout.write(json.dumps(exercise_list(options["lang"]), ensure_ascii=False))
            return
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


def exercise_list(lang: str) -> list[dict[str, Any]]:
    knowledge = load_knowledge()
    return [
        {
            "code": item.code,
            "title": item.title.get(lang),
            "position": item.position,
            "components": list(item.components),
            "needs": list(item.needs),
            "levels": [
                {"level": lv.level, "dose": lv.dose.as_dict(), "instructions": lv.instructions.get(lang)}
                for lv in item.levels
            ],
            "contraindications": contraindications(item, knowledge)["conditions"],
        }
        for item in sorted(knowledge.items.values(), key=lambda i: i.code)
        if item.kind == "exercise"
    ]
