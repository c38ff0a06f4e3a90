"""Text and numbers as people type them: which characters a name may hold, which digits count as
digits, how deep a JSON body may nest. Pure Python (no Django), so every edge can use it.

Names: control characters (including tabs and line breaks), format characters such as zero-width
spaces, and the bidirectional controls U+202A–U+202E and U+2066–U+2069 (which can make a name
display as something else) are refused. ZWJ and ZWNJ stay: Persian, Arabic, Indic scripts and
emoji sequences need them. Names are shown inside <bdi> so that right-to-left names do not
reorder what stands around them.
"""

from __future__ import annotations

import unicodedata
from typing import Any

BIDI_CONTROLS = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
JOINERS = frozenset({0x200C, 0x200D})  # ZWNJ, ZWJ
# Eastern Arabic and Persian digits are how many patients write numbers: read them as digits.
_ARABIC_INDIC = {**{0x0660 + n: str(n) for n in range(10)}, **{0x06F0 + n: str(n) for n in range(10)}}


def name_problem(text: str) -> str | None:
    """None if ``text`` may stand in a name; else "bidi" or "control" (what to tell the person)."""
    for char in text:
        point = ord(char)
        if point in JOINERS:
            continue
        if point in BIDI_CONTROLS:
            return "bidi"
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            return "control"
    return None


def printable(text: str) -> str:
    """``text`` without the characters ``name_problem`` refuses (for names stored before the
    check, or from other systems), e.g. before a name goes into a printed handout."""
    return "".join(c for c in text if ord(c) in JOINERS or (ord(c) not in BIDI_CONTROLS and
                   unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn")))  # fmt: skip


def whole_number(text: str) -> int | None:
    """A whole number typed by a person: None when empty; Arabic-Indic digits read as digits;
    ValueError for anything else (other scripts' digits, ², signs, letters)."""
    text = ascii_digits(text.strip())
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{text!r} is not a whole number")
    return int(text)


def ascii_digits(text: str) -> str:
    """``text`` with Arabic-Indic and Persian digits as 0-9. Raises ValueError for any other
    non-ASCII digit (e.g. ², ٫ aside, Devanagari): those are refused with a message, not guessed."""
    out = []
    for char in text:
        point = ord(char)
        if point in _ARABIC_INDIC:
            out.append(_ARABIC_INDIC[point])
        elif not char.isascii() and (char.isdigit() or char.isnumeric()):
            raise ValueError(f"{char!r} is not a digit we read (write 0-9)")
        else:
            out.append(char)
    return "".join(out)


class TooDeep(ValueError):
    pass


def json_depth_check(data: str | bytes, *, max_depth: int = 32) -> None:
    """Raise TooDeep if arrays/objects nest deeper than ``max_depth`` (before parsing, so that a
    body nested 200,000 deep never reaches the recursive parser). Linear in the body's length."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                raise TooDeep(f"nested deeper than {max_depth} levels")
        elif char in "]}":
            depth -= 1


def loads(data: str | bytes, *, max_depth: int = 32) -> Any:
    """``json.loads`` with the depth check first."""
    import json

    json_depth_check(data, max_depth=max_depth)
    return json.loads(data)
