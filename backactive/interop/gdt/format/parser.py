"""Reading GDT 2.1 and 3.0 records.

Pure Python. A GDT file is one record of lines ``LLLFFFFcontent\\r\\n``: three digits of line
length (counting everything, CR LF included, in bytes of the file's charset), four digits of field
id, then the content. Practice systems in the wild declare wrong line and record lengths, so
those are warnings and the file is still read. A line that cannot be split into length, field id
and content is an error: the caller must then import nothing of the file.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from . import charsets
from .fields import RECORD_TYPES, field_name

_DOS_EOF = b"\x1a"  # DOS editors and old PVS append Ctrl-Z; it is not part of the record


class GdtError(Exception):
    """The file is not a GDT record we can read; nothing of it may be imported."""

    def __init__(self, line_no: int, msg: str) -> None:
        super().__init__(f"line {line_no}: {msg}")
        self.line_no = line_no
        self.msg = msg


@dataclass(frozen=True)
class GdtObject:
    """A GDT 3 object: the fields between ``8002 Obj_X`` and ``8003 Obj_X``."""

    name: str
    fields: list[tuple[str, str]]


@dataclass
class GdtRecord:
    record_type: str
    version: str  # field 9218 as written, e.g. "02.10"; "" if the file lacks it
    charset: str  # one of charsets.CHARSETS
    fields: list[tuple[str, str]]  # (field id, content) in file order, 8000 included
    line_numbers: list[int] = field(default_factory=list)  # parallel to fields
    warnings: list[str] = field(default_factory=list)
    objects: list[GdtObject] = field(default_factory=list)

    @property
    def is_v3(self) -> bool:
        return _is_v3(self.version)

    def get(self, field_id: str) -> str | None:
        """The first value of ``field_id``, or None."""
        return next((v for f, v in self.fields if f == field_id), None)

    def get_all(self, field_id: str) -> list[str]:
        return [v for f, v in self.fields if f == field_id]

    @property
    def patient(self) -> dict[str, Any]:
        """The patient as the practice system sent it; absent fields are None."""

        def clean(field_id: str) -> str | None:
            value = self.get(field_id)
            return value.strip() or None if value is not None else None

        birth = parse_date(clean("3103"))
        raw_birth = clean("3103")
        birth_year = birth.year if birth else _year_only(raw_birth)
        return {
            "number": clean("3000"),
            "surname": clean("3101"),
            "first_name": clean("3102"),
            "birth_date": birth.isoformat() if birth else None,
            "birth_year": birth_year,
            "sex": clean("3110"),
        }

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "record_type": self.record_type,
            "version": self.version,
            "charset": self.charset,
            "fields": [
                {"line": n, "id": f, "value": v, "de": field_name(f).de, "en": field_name(f).en}
                for (f, v), n in zip(self.fields, self.line_numbers, strict=True)
            ],
            "patient": self.patient,
            "warnings": list(self.warnings),
        }


def parse_date(value: str | None) -> datetime.date | None:
    """A GDT date TTMMJJJJ as a date; None if absent or not a real date."""
    if not value or len(value) != 8 or not value.isdigit():
        return None
    try:
        return datetime.date(int(value[4:]), int(value[2:4]), int(value[:2]))
    except ValueError:
        return None


def _year_only(value: str | None) -> int | None:
    # Practice systems write 00 for an unknown day or month (e.g. "00001950").
    if value and len(value) == 8 and value.isdigit() and 1800 <= int(value[4:]) <= 2200:
        return int(value[4:])
    return None


def _is_v3(version: str) -> bool:
    return version.strip().lstrip("0").startswith("3")


def _split_lines(data: bytes, warnings: list[str]) -> list[tuple[int, bytes]]:
    """The non-empty lines with their 1-based numbers, CR and LF removed."""
    data = data.rstrip(_DOS_EOF)
    raw = data.split(b"\n")
    if raw[-1] == b"":
        raw.pop()
    elif raw[-1] != b"\r":
        warnings.append(f"line {len(raw)}: the last line has no line end")
    # Blank lines at the end are harmless padding; inside the record they break it.
    while raw and raw[-1] in (b"", b"\r"):
        raw.pop()
        warnings.append("empty lines at the end of the file were ignored")
    without_cr = 0
    lines: list[tuple[int, bytes]] = []
    for number, line in enumerate(raw, start=1):
        if line.endswith(b"\r"):
            line = line[:-1]
        else:
            without_cr += 1
        lines.append((number, line))
    if without_cr:
        warnings.append(f"{without_cr} line(s) end with LF only instead of CR LF")
    return lines


def parse_bytes(data: bytes, *, charset_without_9206: str | None = None) -> GdtRecord:
    """Parse one GDT record. Raises GdtError (with the line number) on a structural error.

    A file without field 9206 is read in ``charset_without_9206`` (a practice's setting for a
    system that leaves it out), else in the charset the GDT version implies; a GDT 2.x file that
    then looks like Latin-1 gets a warning saying so."""
    if not data.strip(b" \t\r\n" + _DOS_EOF):
        raise GdtError(1, "the file is empty")
    warnings: list[str] = []
    raw_fields: list[tuple[int, str, bytes]] = []
    well_formed_length = 0
    for number, body in _split_lines(data, warnings):
        if len(body) < 7 or not body[:7].isdigit() or not body[:7].isascii():
            raise GdtError(number, "the line cannot be split into length, field id and content")
        declared, actual = int(body[:3]), len(body) + 2
        if declared != actual:
            warnings.append(f"line {number}: declared length {declared}, actual {actual}")
        well_formed_length += actual
        field_id = body[3:7].decode("ascii")
        if field_id == "8000" and raw_fields:
            raise GdtError(number, "a second record starts here; a GDT file holds one record")
        if not raw_fields and field_id != "8000":
            raise GdtError(number, "the record does not start with field 8000 (record type)")
        raw_fields.append((number, field_id, body[7:]))

    def first_ascii(field_id: str) -> str | None:
        raw = next((c for _, f, c in raw_fields if f == field_id), None)
        return raw.decode("ascii", errors="replace").strip() if raw is not None else None

    # Charset and version are read byte-wise before anything is decoded: they decide the decoding.
    version = first_ascii("9218") or ""
    if not version:
        warnings.append("field 9218 (GDT version) is missing; read as GDT 2.x")
    v3 = _is_v3(version)
    declared_charset = first_ascii("9206")
    charset = charsets.charset_for(declared_charset, v3=v3)
    if charset is None:
        charset = charsets.charset_for(None, v3=v3) or charsets.CP437
        warnings.append(f"field 9206 has the unknown character set {declared_charset!r}; read as {charset}")
    elif not declared_charset and charset_without_9206 in charsets.CHARSETS:
        charset = str(charset_without_9206)
    elif (
        not declared_charset
        and charset == charsets.CP437
        and charsets.looks_like_latin1(b"".join(content for _, _, content in raw_fields))
    ):
        warnings.append(
            "field 9206 (character set) is missing: read as CP437, as GDT 2.x says, but the text looks "
            "like ISO 8859-1 (Latin-1), so umlauts may be wrong (Mⁿller for Müller); set the character "
            "set of files without 9206 in the GDT settings"
        )

    fields: list[tuple[str, str]] = []
    line_numbers: list[int] = []
    replaced: list[int] = []
    for number, field_id, content in raw_fields:
        text, had_bad_bytes = charsets.decode(content, charset)
        if had_bad_bytes:
            replaced.append(number)
        fields.append((field_id, text))
        line_numbers.append(number)
    if replaced:
        warnings.append(f"line(s) {', '.join(map(str, replaced[:10]))}: bytes outside {charset} were replaced")

    record = GdtRecord(
        record_type=fields[0][1].strip(),
        version=version,
        charset=charset,
        fields=fields,
        line_numbers=line_numbers,
        warnings=warnings,
    )
    if record.record_type not in RECORD_TYPES:
        warnings.append(f"line 1: unknown record type {record.record_type!r}")
    _check_record_length(record, well_formed_length)
    record.objects = _objects(record)
    birth = (record.get("3103") or "").strip()
    if birth and parse_date(birth) is None:
        warnings.append("field 3103 (date of birth) is not a valid date TTMMJJJJ")
    return record


def _check_record_length(record: GdtRecord, well_formed_length: int) -> None:
    """Field 8100 counts the whole record, its own line included, as written with CR LF."""
    declared = record.get("8100")
    if declared is None:
        if not record.is_v3:  # GDT 3 records may leave it out
            record.warnings.append("field 8100 (record length) is missing")
        return
    declared = declared.strip()
    if not declared.isdigit() or len(declared) > 9:
        record.warnings.append(f"field 8100 (record length) is not a number: {declared!r}")
    elif int(declared) != well_formed_length:
        record.warnings.append(f"field 8100 declares a record length of {int(declared)}, actual {well_formed_length}")


def _objects(record: GdtRecord) -> list[GdtObject]:
    """GDT 3 objects in order of their start; a nested object's fields belong to it alone."""
    done: list[GdtObject] = []
    stack: list[GdtObject] = []
    for (field_id, value), number in zip(record.fields, record.line_numbers, strict=True):
        if field_id == "8002":
            obj = GdtObject(name=value.strip(), fields=[])
            done.append(obj)
            stack.append(obj)
        elif field_id == "8003":
            if not stack:
                record.warnings.append(f"line {number}: object end {value.strip()!r} without a start")
                continue
            obj = stack.pop()
            if value.strip() != obj.name:
                record.warnings.append(f"line {number}: object end {value.strip()!r} closes {obj.name!r}")
        elif stack:
            stack[-1].fields.append((field_id, value))
    for obj in stack:
        record.warnings.append(f"object {obj.name!r} is not closed")
    return done
