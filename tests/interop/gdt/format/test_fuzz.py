"""Random bytes and mutated valid files: the reader either returns a record or raises GdtError."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from backactive.interop.gdt.format import GdtError, GdtRecord, parse_bytes, write_record

SAMPLE = (Path(__file__).parent.parent / "data" / "termpain-6302-gdt2.gdt").read_bytes()
WRITTEN = write_record("6302", [("3000", "12"), ("3101", "Bäcker"), ("3103", "01021960")], version="3.0")


def parse_or_error(data: bytes) -> GdtRecord | None:
    try:
        record = parse_bytes(data)
    except GdtError as err:
        assert err.line_no >= 1
        return None
    record.to_json_dict()  # everything a caller may ask for must work too
    return record


@settings(max_examples=200, derandomize=True)
@given(st.binary(max_size=400))
def test_random_bytes(data: bytes) -> None:
    parse_or_error(data)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from([SAMPLE, WRITTEN])))
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "crlf"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete" and data:
            del data[pos : pos + draw(st.integers(1, 8))]
        else:
            data[pos:pos] = b"\r\n"
    return bytes(data)


@settings(max_examples=200, derandomize=True)
@given(mutated())
def test_mutated_valid_files(data: bytes) -> None:
    parse_or_error(data)
