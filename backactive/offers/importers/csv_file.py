"""A practice's list of offers as CSV: comma, semicolon (what German Excel writes) or tab
separated; UTF-8 (with or without BOM), or Windows-1252 as older Excel saves it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from .base import Importer, ImportFileError, OfferRecord, Skipped, register
from .tabular import read_rows


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


@register
class CsvImporter(Importer):
    format = "csv"
    suffixes = (".csv",)

    def read(self, path: Path) -> Iterator[OfferRecord | Skipped]:
        text = _decode(path.read_bytes())
        first = text.split("\n", 1)[0]
        delimiter = max(";,\t", key=first.count)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = next(reader, None)
        if not header:
            raise ImportFileError(f"{path.name}: the file is empty")
        # reader.line_num is the physical line, which is what a spreadsheet calls the row
        # (except inside quoted line breaks, where it points at the row's last line).
        yield from read_rows(header, ((reader.line_num, row) for row in reader))
