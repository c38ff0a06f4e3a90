"""Character sets of GDT files (field 9206) and the 7-bit German code of DIN 66003.

Pure Python. GDT declares its character set in field 9206: ``1`` = 7-bit DIN 66003 (the German
reference version of ISO 646, where ``[\\]{|}~@`` stand for ``ÄÖÜäöüß§``), ``2`` = IBM code page
437, ``3`` = ISO 8859-1 (GDT 2.x; CP1252 in practice) or ISO 8859-15 (GDT 3.x). The digits and
field ids are ASCII in all of them, so a file can be split into lines before its charset is known.
"""

from __future__ import annotations

import codecs
import unicodedata
from typing import Final

# Our names for the charsets; these appear in parse output and in the practice settings.
DIN66003: Final = "din66003"
CP437: Final = "cp437"
ISO8859_1: Final = "iso8859-1"
ISO8859_15: Final = "iso8859-15"
CHARSETS: Final = (DIN66003, CP437, ISO8859_1, ISO8859_15)

# The only places where DIN 66003 (German variant) differs from ASCII.
_DIN_SUBSTITUTIONS: Final = {
    0x40: "§",
    0x5B: "Ä",
    0x5C: "Ö",
    0x5D: "Ü",
    0x7B: "ä",
    0x7C: "ö",
    0x7D: "ü",
    0x7E: "ß",
}
# Bytes 0x80..0xFF do not exist in a 7-bit code: '\ufffe' marks them undefined for charmap.
_DIN_DECODING_TABLE: Final = "".join(_DIN_SUBSTITUTIONS.get(b, chr(b)) for b in range(128)) + "\ufffe" * 128
_DIN_ENCODING_TABLE: Final = codecs.charmap_build(_DIN_DECODING_TABLE)


def din66003_encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
    return codecs.charmap_encode(text, errors, _DIN_ENCODING_TABLE)


def din66003_decode(data: bytes, errors: str = "strict") -> tuple[str, int]:
    # typeshed lacks the str form of the table that charmap_decode documents and accepts.
    return codecs.charmap_decode(data, errors, _DIN_DECODING_TABLE)  # type: ignore[arg-type]


def _search(name: str) -> codecs.CodecInfo | None:
    if name.replace("-", "").replace("_", "") != DIN66003:
        return None
    return codecs.CodecInfo(
        name=DIN66003,
        encode=din66003_encode,  # type: ignore[arg-type]
        decode=din66003_decode,  # type: ignore[arg-type]
    )


codecs.register(_search)


def charset_for(code: str | None, *, v3: bool) -> str | None:
    """Our charset name for a 9206 value; None if the value is not one GDT defines.

    Without 9206, GDT 2.x means CP437 (the sample files of the spec are in it) and GDT 3.x
    means ISO 8859-15.
    """
    if code is None or code.strip() == "":
        return ISO8859_15 if v3 else CP437
    return {"1": DIN66003, "2": CP437, "3": ISO8859_15 if v3 else ISO8859_1}.get(code.strip())


# German and other Latin letters in ISO 8859-1 (À..ÿ without × and ÷), and the bytes CP437 uses
# for accented letters (Ç..Ñ and its ß). In CP437 the Latin-1 letters are box drawings and
# Greek: "Müller" written in Latin-1 and read as CP437 is "Mⁿller".
_LATIN1_LETTERS: Final = frozenset(range(0xC0, 0x100)) - {0xD7, 0xF7, 0xE1}
_CP437_LETTERS: Final = frozenset(range(0x80, 0xA6)) | {0xE1}


def looks_like_latin1(data: bytes) -> bool:
    """Whether 8-bit text reads as Latin-1 letters and not as CP437 ones (the heuristic for a
    GDT 2.x file that leaves out 9206). Plain ASCII looks like neither."""
    latin = sum(1 for b in data if b in _LATIN1_LETTERS)
    cp437 = sum(1 for b in data if b in _CP437_LETTERS)
    return latin > 0 and cp437 == 0


def code_for(charset: str, *, v3: bool) -> str:
    """The 9206 value for ``charset``; ValueError if that version cannot declare it."""
    if charset == DIN66003:
        return "1"
    if charset == CP437:
        return "2"
    if charset == (ISO8859_15 if v3 else ISO8859_1):
        return "3"
    raise ValueError(f"charset {charset!r} cannot be declared in GDT {'3.x' if v3 else '2.x'}")


def _cp1252_or_latin1(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


# ISO 8859-1 files from Windows systems carry CP1252 characters (€, „“), so "3" in GDT 2.x is
# read as CP1252, with the five bytes CP1252 leaves undefined taken as their Latin-1 controls.
_LATIN_DECODING_TABLE: Final = "".join(_cp1252_or_latin1(b) for b in range(256))


def decode(data: bytes, charset: str) -> tuple[str, bool]:
    """Decode one field's content; returns the text and whether bytes had to be replaced
    (only possible for 8-bit bytes in a 7-bit file). Never raises."""
    if charset == ISO8859_1:
        return codecs.charmap_decode(data, "strict", _LATIN_DECODING_TABLE)[0], False  # type: ignore[arg-type]
    try:
        return data.decode(charset), False
    except UnicodeDecodeError:
        return data.decode(charset, errors="replace"), True


# Typography that our texts use and the old charsets lack, in the plain form a PVS can show.
_TYPOGRAPHIC: Final = {
    "×": "x",
    "–": "-",
    "—": "-",
    "„": '"',
    "“": '"',
    "”": '"',
    "‚": "'",
    "‘": "'",
    "’": "'",
    "…": "...",
    "€": "EUR",
    "\u00a0": " ",
}


def encode(text: str, charset: str) -> bytes:
    """Encode for writing. A character the charset lacks becomes its plain typographic form
    (– -> -), or its base letter (é -> e in 7-bit files), otherwise '?': GDT has no escapes."""
    codec = "cp1252" if charset == ISO8859_1 else charset
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        pass
    out = bytearray()
    for char in text:
        try:
            out += char.encode(codec)
        except UnicodeEncodeError:
            if char in _TYPOGRAPHIC:
                out += _TYPOGRAPHIC[char].encode(codec, errors="replace")
                continue
            base = unicodedata.normalize("NFKD", char)[:1]
            out += base.encode(codec, errors="replace") if base and base != char else b"?"
    return bytes(out)
