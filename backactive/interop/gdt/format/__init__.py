"""GDT 2.1 / 3.0: the file exchange German practice systems use to start a program with the
current patient and to take its results back. Pure Python, no Django."""

from .charsets import CHARSETS, CP437, DIN66003, ISO8859_1, ISO8859_15
from .parser import GdtError, GdtObject, GdtRecord, parse_bytes, parse_date
from .writer import build_result_6310, normalise_version, write_record

__all__ = [
    "CHARSETS",
    "CP437",
    "DIN66003",
    "ISO8859_1",
    "ISO8859_15",
    "GdtError",
    "GdtObject",
    "GdtRecord",
    "build_result_6310",
    "normalise_version",
    "parse_bytes",
    "parse_date",
    "write_record",
]
