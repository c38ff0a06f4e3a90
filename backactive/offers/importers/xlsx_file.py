"""A practice's list of offers as an Excel workbook: the first sheet, header in row 1."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

from openpyxl import load_workbook

from .base import Importer, ImportFileError, OfferRecord, Skipped, register
from .tabular import read_rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) > 180:
        return str(int(value))  # a postal code Excel turned into 35037.0
    return str(value)


@register
class XlsxImporter(Importer):
    format = "xlsx"
    suffixes = (".xlsx",)

    def read(self, path: Path) -> Iterator[OfferRecord | Skipped]:
        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises several unrelated types for a broken file
            raise ImportFileError(f"{path.name}: not a readable Excel workbook ({exc})") from exc
        try:
            sheet = workbook.worksheets[0]
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            if not header:
                raise ImportFileError(f"{path.name}: the first sheet is empty")
            yield from read_rows(
                [_cell(h) for h in header],
                ((number, [_cell(v) for v in row]) for number, row in enumerate(rows, start=2)),
            )
        finally:
            workbook.close()
