"""Writing GDT records: exact line and record lengths, round trips in every charset, the 6310."""

from __future__ import annotations

import datetime

import pytest

from backactive.interop.gdt.format import (
    CP437,
    DIN66003,
    ISO8859_1,
    ISO8859_15,
    build_result_6310,
    normalise_version,
    parse_bytes,
    write_record,
)
from backactive.interop.gdt.format.charsets import decode, encode

UMLAUTS = "ÄÖÜäöüß"
COMBINATIONS = [("2.1", DIN66003), ("2.1", CP437), ("2.1", ISO8859_1), ("3.0", ISO8859_15), ("3.0", CP437)]


@pytest.mark.parametrize(("version", "charset"), COMBINATIONS)
def test_round_trip_with_umlauts(version: str, charset: str) -> None:
    fields = [("3000", "4711"), ("3101", f"Müller-{UMLAUTS}"), ("3102", "Jürgen"), ("6228", "Rücken & Füße")]
    data = write_record("6301", fields, charset=charset, version=version)
    record = parse_bytes(data)
    assert record.warnings == []
    assert record.charset == charset
    assert record.version == normalise_version(version)
    assert [(f, v) for f, v in record.fields if f in {"3000", "3101", "3102", "6228"}] == fields


@pytest.mark.parametrize(("version", "charset"), COMBINATIONS)
def test_every_line_length_and_the_record_length_are_exact(version: str, charset: str) -> None:
    data = write_record("6301", [("3101", UMLAUTS * 3)], charset=charset, version=version)
    lines = data.split(b"\r\n")[:-1]
    for raw in lines:
        assert int(raw[:3]) == len(raw) + 2
    assert lines[1][3:7] == b"8100"
    assert int(lines[1][7:]) == len(data)
    assert len(lines[1][7:]) == 5


def test_din66003_maps_the_german_letters() -> None:
    assert encode("ÄÖÜäöüß§", DIN66003) == b"[\\]{|}~@"
    assert decode(b"[\\]{|}~@", DIN66003) == ("ÄÖÜäöüß§", False)
    assert encode("José", DIN66003) == b"Jose"  # base letter rather than a question mark
    assert encode("2 × 10 – „gut“ ♥", DIN66003) == b'2 x 10 - "gut" ?'


def test_iso8859_1_reads_windows_characters() -> None:
    assert decode("€ „x“".encode("cp1252"), ISO8859_1) == ("€ „x“", False)


def test_charset_that_the_version_cannot_declare_is_refused() -> None:
    with pytest.raises(ValueError):
        write_record("6301", [], charset=ISO8859_15, version="2.1")
    with pytest.raises(ValueError):
        write_record("6301", [], charset=ISO8859_1, version="3.0")


@pytest.mark.parametrize(
    "fields",
    [[("8100", "1")], [("310", "x")], [("3101", "a\r\nb")], [("6228", "x" * 991)], [("9206", "1")]],
)
def test_content_the_format_cannot_carry_is_refused(fields: list[tuple[str, str]]) -> None:
    with pytest.raises(ValueError):
        write_record("6301", fields, charset=CP437)


def test_longest_line_fits() -> None:
    data = write_record("6301", [("6228", "x" * 990)])
    assert parse_bytes(data).warnings == []


WHEN = datetime.datetime(2026, 11, 26, 9, 30, 5)


def result(version: str = "2.1", charset: str = CP437, **kwargs: object) -> bytes:
    args: dict[str, object] = {
        "patient_number": "2191",
        "sender_id": "BACKACTV",
        "receiver_id": "PRAX_EDV",
        "pain": 4,
        "minutes_per_week": 120,
        "plan_lines": ["Gehen: 5 Tage je 25 Minuten, zügig", "Übungen für den Rücken: 2 × pro Woche"],
        "handout_path": "C:\\BackActive\\Handzettel 2191.pdf",
        "charset": charset,
        "version": version,
        "when": WHEN,
    }
    args.update(kwargs)
    return build_result_6310(**args)  # type: ignore[arg-type]


def test_result_6310_gdt2_carries_ids_patient_results_plan_and_handout() -> None:
    record = parse_bytes(result())
    assert record.record_type == "6310"
    assert record.warnings == []
    assert record.get("8315") == "PRAX_EDV"
    assert record.get("8316") == "BACKACTV"
    assert record.get("3000") == "2191"
    assert record.get("6200") == "26112026"
    assert record.get("6201") == "093005"
    assert record.get_all("8410") == ["BA_SCHMERZ", "BA_AKTIV_MIN_WO"]
    assert record.get_all("8420") == ["4", "120"]
    assert record.get_all("8421") == ["/10", "min/Woche"]
    assert record.get_all("6228") == ["Gehen: 5 Tage je 25 Minuten, zügig", "Übungen für den Rücken: 2 x pro Woche"]
    assert record.get("6305") == "C:\\BackActive\\Handzettel 2191.pdf"


def test_result_6310_leaves_out_what_was_not_recorded_and_wraps_long_plan_lines() -> None:
    record = parse_bytes(result(pain=None, minutes_per_week=None, handout_path=None, plan_lines=["Wort " * 40]))
    assert record.get("8410") is None
    assert record.get("6305") is None
    assert len(record.get_all("6228")) > 1
    assert all(len(v) <= 60 for v in record.get_all("6228"))


def test_result_6310_in_7bit_uses_forward_slashes_for_the_handout() -> None:
    record = parse_bytes(result(charset=DIN66003))
    assert record.get("6305") == "C:/BackActive/Handzettel 2191.pdf"
    assert record.get("6228") == "Gehen: 5 Tage je 25 Minuten, zügig"


def test_result_6310_gdt3_uses_objects() -> None:
    record = parse_bytes(result(version="3.0", charset=ISO8859_15))
    assert record.warnings == []
    assert [o.name for o in record.objects] == ["Obj_Kopfdaten", "Obj_Patient", "Obj_Untersuchung", "Obj_Anhang"]
    assert ("3000", "2191") in record.objects[1].fields
    assert record.fields[-1] == ("8001", "6310")


@pytest.mark.parametrize(("version", "charset"), [("2.1", CP437), ("3.0", ISO8859_15)])
def test_result_6310_echoes_the_request_code_and_the_patients_name_and_birth_date(version: str, charset: str) -> None:
    # Some practice systems route a result by 8402 and check it against 3101/3103 (issue 18).
    record = parse_bytes(result(version=version, charset=charset, procedure_code="BDT",
                                patient_fields=[("3101", "Müller"), ("3103", "30061922")]))  # fmt: skip
    assert record.warnings == []
    assert (record.get("8402"), record.get("3101"), record.get("3103")) == ("BDT", "Müller", "30061922")
    ids = [f for f, _ in record.fields]
    assert ids.index("3000") < ids.index("3101") < ids.index("3103") < ids.index("8402") < ids.index("6200")


def test_result_6310_echoes_only_patient_fields_it_knows() -> None:
    with pytest.raises(ValueError, match="3102"):
        result(patient_fields=[("3102", "Agnes")])
