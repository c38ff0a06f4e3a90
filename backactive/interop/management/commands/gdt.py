"""``backactive gdt parse|import|watch``: read GDT files and take launches from the practice system."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backactive.accounts.models import Practice
from backactive.interop.gdt.format import GdtError, parse_bytes
from backactive.interop.gdt.format.folders import UnsafePath
from backactive.interop.gdt.selectors import gdt_settings_get
from backactive.interop.gdt.services import GdtFileOutcome, gdt_import_file, gdt_import_folder


class Command(BaseCommand):
    help = "Read GDT files: parse one, import one, or watch an exchange folder."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        parse = sub.add_parser("parse", help="print a GDT record (exit status 2 if it cannot be read)")
        parse.add_argument("file", type=Path)
        parse.add_argument("--json", action="store_true", help="one JSON object")
        one = sub.add_parser("import", help="import one file; it moves to done/ or error/ beside it")
        one.add_argument("file", type=Path)
        one.add_argument("--practice", type=int, help="practice id (needed if there are several)")
        watch = sub.add_parser("watch", help="poll an exchange folder and import what arrives")
        watch.add_argument("dir", type=Path, nargs="?", help="default: the practice's GDT inbox folder")
        watch.add_argument("--practice", type=int, help="practice id (needed if there are several)")
        watch.add_argument("--once", action="store_true", help="process what is there now, then stop")
        watch.add_argument("--interval", type=float, default=1.0, help="seconds between polls")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "parse":
            self._parse(options["file"], as_json=options["json"])
        elif action == "import":
            practice = _practice(options["practice"])
            if not options["file"].is_file():
                raise CommandError(f"no such file: {options['file']}")
            outcome = gdt_import_file(practice=practice, path=options["file"])
            self._report(outcome)
            if not outcome.ok:
                raise CommandError(f"not imported: {outcome.error}", returncode=2)
        else:
            practice = _practice(options["practice"])
            try:
                inbox = gdt_settings_get(practice=practice).folder("inbox_dir")
            except UnsafePath as err:
                raise CommandError(f"the practice's GDT inbox folder is not usable: {err}") from err
            directory = options["dir"] or inbox
            if directory is None:
                raise CommandError("give a folder, or set the practice's GDT inbox folder")
            if not directory.is_dir():
                raise CommandError(f"no such folder: {directory}")
            self._watch(practice, directory, once=options["once"], interval=options["interval"])

    def _parse(self, path: Path, *, as_json: bool) -> None:
        try:
            data = path.read_bytes()
        except OSError as err:
            raise CommandError(f"cannot read {path}: {err.strerror}") from err
        try:
            record = parse_bytes(data)
        except GdtError as err:
            raise CommandError(f"{path.name}: {err}", returncode=2) from err
        if as_json:
            self.stdout.write(json.dumps(record.to_json_dict(), ensure_ascii=False))
            return
        self.stdout.write(f"record type {record.record_type}, GDT {record.version or '?'}, {record.charset}")
        for (field_id, value), number in zip(record.fields, record.line_numbers, strict=True):
            self.stdout.write(f"{number:4d}  {field_id}  {value}")
        for warning in record.warnings:
            self.stderr.write(f"warning: {warning}")

    def _watch(self, practice: Practice, directory: Path, *, once: bool, interval: float) -> None:
        # --once takes everything at once; polling waits until a file has stopped changing.
        previous: dict[Path, tuple[int, float]] | None = None if once else {}
        try:
            while True:
                outcomes, previous_state = gdt_import_folder(practice=practice, directory=directory, previous=previous)
                for outcome in outcomes:
                    self._report(outcome)
                if once:
                    return
                previous = previous_state
                time.sleep(interval)
        except KeyboardInterrupt:  # Ctrl-C ends watching; a file being imported has finished
            return

    def _report(self, outcome: GdtFileOutcome) -> None:
        # File names and line numbers only: patient data stays out of logs.
        if outcome.ok:
            self.stdout.write(f"imported {outcome.source.name} -> {outcome.moved_to}")
            for warning in outcome.warnings:
                self.stdout.write(f"  warning: {warning}")
        else:
            self.stderr.write(f"not imported {outcome.source.name} -> {outcome.moved_to}: {outcome.error}")


def _practice(practice_id: int | None) -> Practice:
    if practice_id is not None:
        found = Practice.objects.filter(pk=practice_id).first()
        if found is None:
            raise CommandError(f"no practice with id {practice_id}")
        return found
    practices = list(Practice.objects.order_by("id")[:2])
    if len(practices) != 1:
        raise CommandError("give --practice ID" if practices else "there is no practice yet")
    return practices[0]
