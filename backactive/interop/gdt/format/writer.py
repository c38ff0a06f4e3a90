"""Writing GDT records, and the 6310 result record BackActive sends back to the practice system.

Pure Python. Every line is ``LLLFFFFcontent\\r\\n`` with LLL counting the whole line in bytes of
the charset; field 8100 (record length) counts the whole record, its own line included.
"""

from __future__ import annotations

import datetime
import re
import textwrap
from collections.abc import Sequence

from . import charsets

_MAX_LINE = 999  # three digits of line length
_FIELD_ID = re.compile(r"\d{4}")
_VERSION = re.compile(r"0?([23])\.(\d{1,2})")
RESULT_LINE_WIDTH = 60  # 6228 lines are shown as a table in the PVS; keep them short

# Our device/test identifiers in the practice system (8410 allows 20 characters).
TEST_PAIN = "BA_SCHMERZ"
TEST_MINUTES = "BA_AKTIV_MIN_WO"
# What a 6310 echoes of the request's patient: surname and date of birth.
ECHOED_PATIENT_FIELDS = ("3101", "3103")


def normalise_version(version: str) -> str:
    """'2.1' -> '02.10', '3.0' -> '03.00'; ValueError for anything but GDT 2.x / 3.x."""
    match = _VERSION.fullmatch(version.strip())
    if not match:
        raise ValueError(f"unsupported GDT version {version!r}")
    return f"0{match.group(1)}.{match.group(2).ljust(2, '0')}"


def _line(field_id: str, content: str, charset: str) -> bytes:
    if not _FIELD_ID.fullmatch(field_id):
        raise ValueError(f"field id must be four digits: {field_id!r}")
    if "\r" in content or "\n" in content:
        raise ValueError(f"field {field_id}: content must be a single line")
    payload = field_id.encode("ascii") + charsets.encode(content, charset)
    length = len(payload) + 5  # three digits of length + CR LF
    if length > _MAX_LINE:
        raise ValueError(f"field {field_id}: content too long for one GDT line ({length} bytes)")
    return b"%03d" % length + payload + b"\r\n"


def write_record(
    record_type: str,
    fields: Sequence[tuple[str, str]],
    *,
    charset: str = charsets.CP437,
    version: str = "2.1",
) -> bytes:
    """One GDT record: 8000, 8100 (computed), then ``fields`` in order.

    9218 (version) and 9206 (charset) are added after 8100 unless ``fields`` places them itself
    (GDT 3 puts them inside ``Obj_Kopfdaten``); if given, they must agree with the arguments.
    Raises ValueError for content the format cannot carry.
    """
    gdt_version = normalise_version(version)
    v3 = gdt_version.startswith("03")
    charset_code = charsets.code_for(charset, v3=v3)
    given = dict(fields)
    if "8000" in given or "8100" in given:
        raise ValueError("8000 and 8100 are written by write_record itself")
    if "9218" in given and normalise_version(given["9218"]) != gdt_version:
        raise ValueError("field 9218 disagrees with the version argument")
    if "9206" in given and given["9206"].strip() != charset_code:
        raise ValueError("field 9206 disagrees with the charset argument")
    head: list[tuple[str, str]] = []
    if "9218" not in given:
        head.append(("9218", gdt_version))
    if "9206" not in given:
        head.append(("9206", charset_code))
    first = _line("8000", record_type, charset)
    rest = b"".join(_line(f, v, charset) for f, v in [*head, *fields])
    # 8100 counts itself; its width is fixed at five digits, but a fixpoint keeps this right
    # even for a (non-standard) record over 99999 bytes.
    total = 0
    while True:
        length_line = _line("8100", f"{total:05d}", charset)
        new_total = len(first) + len(length_line) + len(rest)
        if new_total == total:
            return first + length_line + rest
        total = new_total


def _text_lines(lines: Sequence[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        for part in line.splitlines():
            out.extend(textwrap.wrap(part, RESULT_LINE_WIDTH) or ([] if not part.strip() else [part]))
    return out


def _sanitize(value: str) -> str:
    return " ".join(value.split())


def build_result_6310(
    *,
    patient_number: str,
    sender_id: str,
    receiver_id: str,
    pain: int | None,
    minutes_per_week: int | None,
    plan_lines: Sequence[str],
    handout_path: str | None,
    charset: str = charsets.CP437,
    version: str = "2.1",
    when: datetime.datetime,
    procedure_code: str | None = None,
    patient_fields: Sequence[tuple[str, str]] = (),
) -> bytes:
    """The 6310 record that returns a consultation's results to the practice system.

    Pain (0-10) and weekly activity minutes become test results (8410/8411/8420/8421), the plan
    becomes result text lines (6228), the handout a file reference (6303/6304/6305). GDT 3 wraps
    the same fields in objects. ``procedure_code`` (8402) and ``patient_fields`` (3101 surname,
    3103 date of birth) echo what the practice system sent with its request: some systems file a
    result by them. ValueError for another patient field.
    """
    v3 = normalise_version(version).startswith("03")
    head = [("8315", _sanitize(receiver_id)), ("8316", _sanitize(sender_id))]
    patient = [("3000", _sanitize(patient_number))]
    for field_id, value in sorted(patient_fields):
        if field_id not in ECHOED_PATIENT_FIELDS:
            raise ValueError(f"field {field_id} is not echoed in a 6310 (only {', '.join(ECHOED_PATIENT_FIELDS)})")
        if value.strip():
            patient.append((field_id, _sanitize(value)))
    exam: list[tuple[str, str]] = []
    if procedure_code and procedure_code.strip():
        exam.append(("8402", _sanitize(procedure_code)))
    exam += [("6200", when.strftime("%d%m%Y")), ("6201", when.strftime("%H%M%S"))]
    if pain is not None:
        exam += [("8410", TEST_PAIN), ("8411", "Schmerzstärke (0-10)"), ("8420", str(pain)), ("8421", "/10")]
    if minutes_per_week is not None:
        exam += [
            ("8410", TEST_MINUTES),
            ("8411", "Bewegung, Minuten pro Woche"),
            ("8420", str(minutes_per_week)),
            ("8421", "min/Woche"),
        ]
    exam += [("6228", line) for line in _text_lines(plan_lines)]
    attachment: list[tuple[str, str]] = []
    if handout_path:
        path = _sanitize(handout_path)
        if charset == charsets.DIN66003:
            path = path.replace("\\", "/")  # 7-bit German has no backslash (it is Ö); Windows takes /
        attachment = [("6303", "PDF"), ("6304", "Handzettel Bewegungsplan"), ("6305", path)]
    if not v3:
        return write_record("6310", [*head, *patient, *exam, *attachment], charset=charset, version=version)
    fields: list[tuple[str, str]] = []
    for name, content in (
        ("Obj_Kopfdaten", [*head, ("9218", normalise_version(version)), ("9206", charsets.code_for(charset, v3=True))]),
        ("Obj_Patient", patient),
        ("Obj_Untersuchung", exam),
        ("Obj_Anhang", attachment),
    ):
        if content:
            fields += [("8002", name), *content, ("8003", name)]
    fields.append(("8001", "6310"))
    return write_record("6310", fields, charset=charset, version=version)
