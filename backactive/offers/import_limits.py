"""Caps that keep one uploaded file from taking the server down: rows, decompressed size and an
Excel workbook's shared-strings table, each checked before anything is written (rows are checked
again while reading, for formats that do not say up front how many they hold).

A 249 kB workbook can unpack a shared-strings table of hundreds of megabytes, which openpyxl
reads whole into memory, even in read-only mode; a gzip or bzip2 extract can unpack a thousand
times its size. Sizes in a ZIP's directory are what Python's zipfile enforces when it unpacks
(a member that unpacks to more fails its CRC check), so they can be trusted here.
"""

from __future__ import annotations

import bz2
import gzip
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from .importers import ImportFileError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_rows: int = 200_000
    max_uncompressed_bytes: int = 512 * MB
    max_shared_strings: int = 1_000_000
    max_shared_strings_bytes: int = 64 * MB


DEFAULT = Limits()

_UNIQUE_COUNT = re.compile(rb"<(?:\w+:)?sst\b[^>]*?\buniqueCount=\"(\d+)\"")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]+\d+:[A-Z]+(\d+)\"")


def too_many_rows(limits: Limits) -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(max)s rows. Please split it into smaller files.") % {"max": f"{limits.max_rows:,}"}
    )


def _too_big(limits: Limits) -> ImportFileError:
    return ImportFileError(
        _("Unpacked, the file would be larger than %(max)s MB. Please split it into smaller files.")
        % {"max": limits.max_uncompressed_bytes // MB}
    )


def _head(archive: zipfile.ZipFile, name: str, size: int = 64 * 1024) -> bytes:
    with archive.open(name) as fh:
        return fh.read(size)


def check_xlsx(path: Path, limits: Limits) -> int | None:
    """The workbook's row count as its first sheet declares it (None if it does not)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFileError(_("%(name)s is not a readable Excel workbook.") % {"name": path.name}) from exc
    with archive:
        members = archive.infolist()
        if sum(m.file_size for m in members) > limits.max_uncompressed_bytes:
            raise _too_big(limits)
        strings = [m for m in members if m.filename.lower().endswith("sharedstrings.xml")]
        for member in strings:
            count = _UNIQUE_COUNT.search(_head(archive, member.filename))
            if member.file_size > limits.max_shared_strings_bytes or (
                count and int(count.group(1)) > limits.max_shared_strings
            ):
                raise ImportFileError(
                    _("The workbook holds more text than a list of offers needs (its shared strings table "
                      "is too large). Please save it again as CSV, or split it.")
                )  # fmt: skip
        sheets = sorted(m.filename for m in members if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", m.filename))
        if not sheets:
            return None
        dimension = _DIMENSION.search(_head(archive, sheets[0], 4096))
    rows = int(dimension.group(1)) - 1 if dimension else None
    if rows is not None and rows > limits.max_rows:
        raise too_many_rows(limits)
    return rows


def check_compressed(path: Path, limits: Limits) -> None:
    """A .gz or .bz2 extract is unpacked once, counting, before osmium reads it."""
    name = path.name.lower()
    opener = gzip.open if name.endswith(".gz") else bz2.open if name.endswith(".bz2") else None
    if opener is None:
        return
    unpacked = 0
    try:
        with opener(path, "rb") as fh:
            while chunk := fh.read(MB):
                unpacked += len(chunk)
                if unpacked > limits.max_uncompressed_bytes:
                    raise _too_big(limits)
    except (OSError, EOFError, ValueError) as exc:
        raise ImportFileError(_("%(name)s cannot be unpacked.") % {"name": path.name}) from exc


def check_file(path: Path, limits: Limits = DEFAULT) -> int | None:
    """Raise ImportFileError when a cap is exceeded; return the number of rows if known."""
    name = path.name.lower()
    if name.endswith(".xlsx"):
        return check_xlsx(path, limits)
    check_compressed(path, limits)
    return None
