"""Reading GDT records: the shared sample, wrong lengths as warnings, structural errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from backactive.interop.gdt.format import CP437, ISO8859_1, GdtError, parse_bytes, write_record
from backactive.interop.gdt.format.charsets import looks_like_latin1

# A copy of the shared sample (../shared/data/gdt/), kept in the repository so CI has it.
SAMPLE = Path(__file__).parent.parent / "data" / "termpain-6302-gdt2.gdt"


def line(field_id: str, content: bytes) -> bytes:
    return b"%03d" % (len(content) + 9) + field_id.encode() + content + b"\r\n"


def test_shared_sample_reads_patient_and_fields_in_order() -> None:
    record = parse_bytes(SAMPLE.read_bytes())
    assert record.record_type == "6302"
    assert record.version == "02.00"
    assert record.charset == "cp437"  # no 9206: GDT 2.x default
    assert record.warnings == []
    assert record.patient == {
        "number": "0000002191",
        "surname": "Müller",
        "first_name": "Agnes",
        "birth_date": "1922-06-30",
        "birth_year": 1922,
        "sex": "2",
    }
    assert [f for f, _ in record.fields][:4] == ["8000", "8100", "9218", "3000"]
    assert record.get("3106") == "79106 Freiburg"
    assert record.line_numbers == list(range(1, 16))


def test_wrong_line_length_is_a_warning_and_the_file_is_still_read() -> None:
    data = SAMPLE.read_bytes().replace(b"0143102Agnes", b"0993102Agnes")
    record = parse_bytes(data)
    assert record.patient["first_name"] == "Agnes"
    assert "line 6: declared length 99, actual 14" in record.warnings


def test_wrong_record_length_is_a_warning() -> None:
    data = SAMPLE.read_bytes().replace(b"014810000225", b"014810000999")
    record = parse_bytes(data)
    assert any("8100" in w and "999" in w and "225" in w for w in record.warnings)


def test_lf_only_and_ctrl_z_are_tolerated_with_a_warning() -> None:
    data = SAMPLE.read_bytes().replace(b"\r\n", b"\n") + b"\x1a"
    record = parse_bytes(data)
    assert record.patient["surname"] == "Müller"
    assert any("LF only" in w for w in record.warnings)


def test_unsplittable_line_is_an_error_naming_the_line() -> None:
    data = SAMPLE.read_bytes().replace(b"0143102Agnes", b"Agnes")
    with pytest.raises(GdtError) as err:
        parse_bytes(data)
    assert err.value.line_no == 6
    assert "line 6" in str(err.value)


def test_blank_line_inside_the_record_is_an_error() -> None:
    data = SAMPLE.read_bytes().replace(b"0143102Agnes\r\n", b"0143102Agnes\r\n\r\n")
    with pytest.raises(GdtError) as err:
        parse_bytes(data)
    assert err.value.line_no == 7


@pytest.mark.parametrize("data", [b"", b"\r\n\r\n", b"   \x1a"])
def test_empty_file_is_an_error(data: bytes) -> None:
    with pytest.raises(GdtError, match="empty"):
        parse_bytes(data)


def test_record_must_start_with_8000() -> None:
    with pytest.raises(GdtError) as err:
        parse_bytes(line("3000", b"1") + line("8000", b"6302"))
    assert err.value.line_no == 1


def test_second_record_in_one_file_is_an_error() -> None:
    one = write_record("6302", [("3000", "1")])
    with pytest.raises(GdtError) as err:
        parse_bytes(one + one)
    assert err.value.line_no == len(one.split(b"\r\n"))  # first line of the second record


def test_charset_is_taken_from_9206_before_decoding() -> None:
    body = line("8000", b"6301") + line("9218", b"02.10") + line("9206", b"1") + line("3101", b"M}ller")
    assert parse_bytes(body).get("3101") == "Müller"
    latin = body.replace(line("9206", b"1"), line("9206", b"3")).replace(b"M}ller", "Müller".encode("latin-1"))
    assert parse_bytes(latin).get("3101") == "Müller"


def test_gdt3_defaults_to_iso8859_15_and_reads_objects() -> None:
    data = (
        line("8000", b"6302")
        + line("8002", b"Obj_Kopfdaten")
        + line("9218", b"03.00")
        + line("8003", b"Obj_Kopfdaten")
        + line("8002", b"Obj_Patient")
        + line("3000", b"77")
        + line("3101", "Jäger €".encode("iso8859-15"))
        + line("8003", b"Obj_Patient")
        + line("8001", b"6302")
    )
    record = parse_bytes(data)
    assert record.charset == "iso8859-15"
    assert record.is_v3
    assert record.warnings == []  # GDT 3 may leave out 8100
    assert [o.name for o in record.objects] == ["Obj_Kopfdaten", "Obj_Patient"]
    assert record.objects[1].fields == [("3000", "77"), ("3101", "Jäger €")]
    assert record.patient["surname"] == "Jäger €"


def test_unbalanced_objects_and_unknown_charset_are_warnings() -> None:
    data = line("8000", b"6302") + line("9218", b"03.00") + line("9206", b"7") + line("8002", b"Obj_Patient")
    record = parse_bytes(data)
    assert any("9206" in w for w in record.warnings)
    assert any("not closed" in w for w in record.warnings)


def test_invalid_birth_date_is_a_warning_and_year_survives_unknown_day() -> None:
    data = write_record("6301", [("3000", "5"), ("3103", "00001950")])
    record = parse_bytes(data)
    assert record.patient["birth_date"] is None
    assert record.patient["birth_year"] == 1950
    assert any("3103" in w for w in record.warnings)


def test_8bit_bytes_in_7bit_file_are_replaced_with_a_warning() -> None:
    data = line("8000", b"6301") + line("9218", b"02.10") + line("9206", b"1") + line("3101", b"M\xfcller")
    record = parse_bytes(data)
    assert record.get("3101") == "M\ufffdller"
    assert any("replaced" in w for w in record.warnings)


def test_json_shape() -> None:
    data = parse_bytes(SAMPLE.read_bytes()).to_json_dict()
    assert list(data) == ["record_type", "version", "charset", "fields", "patient", "warnings"]
    assert data["fields"][0] == {"line": 1, "id": "8000", "value": "6302", "de": "Satzart", "en": "record type"}


LATIN1_WITHOUT_9206 = (
    write_record("6302", [("3000", "17"), ("3101", "Müller"), ("3102", "Jörg")], charset=ISO8859_1)
    .replace(b"01092063\r\n", b"")
)


def test_a_latin1_file_without_9206_is_read_as_cp437_with_a_warning() -> None:
    record = parse_bytes(LATIN1_WITHOUT_9206)
    assert record.get("9206") is None and record.charset == CP437
    assert record.get("3101") == "M\u207fller"  # what CP437 makes of it: the warning says why
    assert any("ISO 8859-1" in w and "9206" in w for w in record.warnings)


def test_a_cp437_file_without_9206_raises_no_charset_warning() -> None:
    data = write_record("6302", [("3000", "17"), ("3101", "Müller")], charset=CP437).replace(b"01092062\r\n", b"")
    record = parse_bytes(data)
    assert record.get("3101") == "Müller" and not any("8859" in w for w in record.warnings)


def test_the_practice_can_name_the_charset_of_files_without_9206() -> None:
    record = parse_bytes(LATIN1_WITHOUT_9206, charset_without_9206=ISO8859_1)
    assert (record.charset, record.get("3101"), record.get("3102")) == (ISO8859_1, "Müller", "Jörg")
    assert not any("8859" in w for w in record.warnings)
    # A file that declares its charset is read as it says, whatever the setting.
    declared = write_record("6302", [("3101", "Müller")], charset=CP437)
    assert parse_bytes(declared, charset_without_9206=ISO8859_1).get("3101") == "Müller"


def test_looks_like_latin1() -> None:
    assert looks_like_latin1("Müller Straße".encode("latin-1"))
    assert not looks_like_latin1("Müller Straße".encode("cp437"))
    assert not looks_like_latin1(b"Mueller")
