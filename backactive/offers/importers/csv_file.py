"""A practice's list of offers as CSV: comma, semicolon (what German Excel writes) or tab
separated; UTF-8 (with or without BOM), or Windows-1252 as older Excel saves it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from .base import Importer, ImportFileError, OfferRecord, Skipped, register
from .tabular import read_rows


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        # cp1252 leaves five bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) undefined.
        raise ImportFileError(
            f"{name}: byte {exc.object[exc.start]:#04x} at position {exc.start} is neither UTF-8 nor "
            "Windows-1252 text; save the list again as CSV UTF-8"
        ) from exc


@register
class CsvImporter(Importer):
    format = "csv"
    suffixes = (".csv",)

    def count(self, path: Path) -> int | None:
        reader = csv.reader(io.StringIO(_decode(path.read_bytes(), path.name), newline=""))
        return max(0, sum(1 for _ in reader) - 1)

    def read(self, path: Path) -> Iterator[OfferRecord | Skipped]:
        text = _decode(path.read_bytes(), path.name)
        first = text.split("\n", 1)[0]
        delimiter = max(";,\t", key=first.count)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = next(reader, None)
        if not header:
            raise ImportFileError(f"{path.name}: the file is empty")
        # reader.line_num is the physical line, which is what a spreadsheet calls the row
        # (except inside quoted line breaks, where it points at the row's last line).
        yield from read_rows(header, ((reader.line_num, row) for row in reader))
