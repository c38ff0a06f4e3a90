"""A practice's CSV/XLSX list: row/column errors, no half-imported row, idempotent re-import."""

import datetime

import pytest
from openpyxl import Workbook

from backactive.offers.importers import ImportFileError
from backactive.offers.models import ChangeAction, Offer
from backactive.offers.services import directory_for_import, offers_import

TEMPLATE = "backactive/offers/templates_csv/offers-template.csv"
HEADER = "ref;name;kind;activities;postcode;lat;lon;times;free;website"


def write(tmp_path, text, name="kurse.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def directory(practice):
    return directory_for_import(practice=practice)


def test_template_imports_cleanly(directory):
    from pathlib import Path

    run = offers_import(path=Path(TEMPLATE), directory=directory).run
    assert (run.created, run.skipped) == (2, 0)
    course = Offer.objects.get(source_id="ref:RUECKEN-MO")
    assert course.certified_20 and not course.rehasport and course.free is False
    assert course.location_approx and course.weekly_times[0].weekday == 0
    assert course.last_checked == datetime.date(2025, 1, 15)
    walk = Offer.objects.get(source_id="ref:WALK-DI-DO")
    assert (walk.lat, walk.lon, walk.location_approx) == (50.8089, 8.7703, False)
    assert walk.activities == ["walking", "nordic_walking"] and walk.setting == "outdoor"


def test_bad_rows_are_reported_by_row_and_column_and_good_rows_imported_whole(directory, tmp_path):
    path = write(
        tmp_path,
        "\n".join(
            [
                HEADER,
                "A;Yoga sanft;course;yoga;35037;;;Mi 10:00-11:00;nein;",
                "B;Kaputt;party;juggling;35037;;;Montags;vielleicht;ftp://x",
                "C;Schwimmen;pool;swimming;;91;8;;;",
                "D;Gehtreff;walking_group;walking;35037;;;Di 9-10;ja;https://example.org",
                ";;course;yoga;99999;;;;;",
            ]
        ),
    )
    result = offers_import(path=path, directory=directory)
    run = result.run
    assert (run.created, run.skipped) == (2, 3)
    assert set(directory.offers.values_list("source_id", flat=True)) == {"ref:A", "ref:D"}
    errors = {(e.row, e.column) for s in result.skipped for e in s.errors}
    assert errors == {
        (3, "kind"), (3, "activities"), (3, "times"), (3, "free"), (3, "website"),
        (4, "lat"),
        (6, "name"), (6, "postcode"),
    }  # fmt: skip
    times_error = next(e for s in result.skipped for e in s.errors if e.column == "times")
    assert str(times_error) == "row 3, column 'times': 'Montags' is not like 'Mo 18:00-19:00'"
    # The import history keeps what was skipped and why.
    logged = run.changes.filter(action=ChangeAction.SKIPPED).values_list("row", flat=True)
    assert list(logged.order_by("row")) == [3, 4, 6]


def test_reimport_changes_nothing_and_edits_update_in_place(directory, tmp_path):
    rows = [HEADER, "A;Yoga sanft;course;yoga;35037;;;Mi 10:00-11:00;nein;"]
    offers_import(path=write(tmp_path, "\n".join(rows)), directory=directory)
    run = offers_import(path=write(tmp_path, "\n".join(rows)), directory=directory).run
    assert (run.created, run.updated, run.unchanged) == (0, 0, 1)
    rows[1] = "A;Yoga sanft;course;yoga, pilates;35037;;;Mi 18:00-19:00;nein;"
    run = offers_import(path=write(tmp_path, "\n".join(rows)), directory=directory).run
    assert (run.created, run.updated) == (0, 1)
    assert set(run.changes.get().changes) == {"activities", "times"}
    offer = directory.offers.get()
    assert offer.activities == ["yoga", "pilates"]
    assert offer.slots and offer.weekly_times[0].start == datetime.time(18)


def test_columns_missing_from_the_file_leave_staff_edits_alone(directory, tmp_path):
    offers_import(path=write(tmp_path, "name,kind,activities,postcode\nYoga,course,yoga,35037"), directory=directory)
    offer = directory.offers.get()
    assert offer.source_id == "name:yoga|35037"
    offer.cost_note, offer.rehasport = "5 €", True
    offer.save()
    run = offers_import(
        path=write(tmp_path, "name,kind,activities,postcode\nYoga,course,yoga,35037"), directory=directory
    ).run
    assert run.unchanged == 1
    offer.refresh_from_db()
    assert (offer.cost_note, offer.rehasport) == ("5 €", True)


def test_windows_encoding_and_duplicate_rows(directory, tmp_path):
    text = (
        "name;kind;activities;postcode\nRückenschule;course;back_course;35037\nRückenschule;course;back_course;35037\n"
    )
    result = offers_import(path=write(tmp_path, text, encoding="cp1252"), directory=directory)
    assert directory.offers.get().name == "Rückenschule"
    assert [str(e) for s in result.skipped for e in s.errors] == ["row 3, column 'name': same offer as row 2"]


@pytest.mark.parametrize(
    ("header", "message"),
    [("name;kind;activities;colour", "unknown column"), ("name;kind", "missing column")],
)
def test_a_wrong_header_stops_the_whole_file(directory, tmp_path, header, message):
    path = write(tmp_path, f"{header}\nYoga;course;yoga;x")
    with pytest.raises(ImportFileError, match=message):
        offers_import(path=path, directory=directory)
    assert directory.offers.count() == 0


def test_xlsx(directory, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["ref", "name", "kind", "activities", "postcode", "lat", "lon", "times", "rehasport", "last_checked"])
    ws.append(["R1", "Rehasport Wirbelsäule", "course", "back_course", 35037, 50.81, 8.77, "Fr 17:00-18:00", "ja",
               datetime.datetime(2025, 2, 1)])  # fmt: skip
    ws.append(["R2", "Ohne Ort", "course", "yoga", None, None, None, None, None, None])
    path = tmp_path / "kurse.xlsx"
    wb.save(path)
    result = offers_import(path=path, directory=directory)
    assert (result.run.created, result.run.skipped) == (1, 1)
    offer = directory.offers.get()
    assert (offer.postcode, offer.lat, offer.rehasport) == ("35037", 50.81, True)
    assert offer.last_checked == datetime.date(2025, 2, 1)
    assert [(e.row, e.column) for s in result.skipped for e in s.errors] == [(3, "lat")]


def test_unknown_file_type(directory, tmp_path):
    with pytest.raises(ImportFileError, match="unknown file type"):
        offers_import(path=write(tmp_path, "x", name="kurse.txt"), directory=directory)
