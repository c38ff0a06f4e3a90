"""``backactive handout PLAN.json --out FILE.pdf [--lang de|en]``: print a plan as a PDF handout.

PLAN.json is what ``backactive recommend`` prints, optionally with ``patient``, ``practice`` and the
other keys described in ``backactive/handouts/validation.py``. Bad input (missing or unreadable
file, malformed JSON, missing or invalid keys, a plan that still needs clinical review) exits with
status 2 and one specific message on stderr, and writes no file: the PDF goes to a temporary file
beside FILE.pdf and is renamed only once it is complete.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backactive.core.codes import LANGS
from backactive.handouts.render import render_handout
from backactive.handouts.validation import HandoutInputError

BAD_INPUT = 2


def _read_plan(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file", returncode=BAD_INPUT) from None
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not UTF-8 text", returncode=BAD_INPUT) from None
    except OSError as exc:
        raise CommandError(f"{path}: cannot be read ({exc.strerror})", returncode=BAD_INPUT) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(
            f"{path}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            returncode=BAD_INPUT,
        ) from None


def _write_atomically(out: Path, pdf: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pdf)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = "Print a plan (the JSON of `backactive recommend`, plus patient and practice) as a PDF handout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan", type=Path, metavar="PLAN.json")
        parser.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
        parser.add_argument("--lang", choices=LANGS, help="the handout's language (default: the plan's)")
        parser.add_argument("--bilingual", action="store_true",
                            help="German headings and doses beside the handout's language")

    def handle(self, *args: Any, **options: Any) -> None:
        plan_path: Path = options["plan"]
        out: Path = options["out"]
        if not out.parent.is_dir():
            raise CommandError(f"{out}: the folder {out.parent} does not exist", returncode=BAD_INPUT)
        plan = _read_plan(plan_path)
        try:
            pdf = render_handout(plan, lang=options["lang"], bilingual=options.get("bilingual", False))
        except HandoutInputError as exc:
            raise CommandError(f"{plan_path}: {exc}", returncode=BAD_INPUT) from None
        _write_atomically(out, pdf)
        self.stdout.write(f"{out}: handout written ({len(pdf)} bytes)")
