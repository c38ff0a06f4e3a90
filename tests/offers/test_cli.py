"""``backactive offers import|near``: output, JSON contract, and exit status 2 on bad input."""

import json

import pytest
from django.core.management import execute_from_command_line

from backactive.offers.models import Directory

from .conftest import OSM_DIR
from .factories import make_offer


@pytest.fixture(autouse=True)
def keep_test_connection(monkeypatch):
    # run_from_argv closes every connection when it ends, which on PostgreSQL would close the
    # test's transaction too; in a shell process that is right, in this test process it is not.
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


def run(*args):
    # Through the real command line entry point, so the exit status is what a shell sees.
    execute_from_command_line(["backactive", "offers", "--skip-checks", *args])


def exit_status(*args):
    with pytest.raises(SystemExit) as info:
        run(*args)
    return info.value.code


def test_import_prints_what_changed_and_reimport_changes_nothing(db, capsys):
    run("import", str(OSM_DIR / "bautzen.osm"), "--directory-name", "Bautzen")
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith('bautzen.osm -> "Bautzen"')
    assert "1 created, 0 updated, 0 unchanged, 1 skipped" in out
    assert "created  way/949302380" in out
    assert "way/554591243: sport=shooting matches no activity code" in out
    run("import", str(OSM_DIR / "bautzen.osm"), "--directory-name", "Bautzen")
    assert "0 created, 0 updated, 1 unchanged, 1 skipped" in capsys.readouterr().out


def test_import_into_a_practice_reports_row_errors(practice, tmp_path, capsys):
    path = tmp_path / "kurse.csv"
    path.write_text(
        "name;kind;activities;postcode\nYoga;course;yoga;35037\nTanz;course;tango;35037\n", encoding="utf-8"
    )
    run("import", str(path), "--practice", str(practice.pk))
    out = capsys.readouterr().out
    assert "1 created, 0 updated, 0 unchanged, 1 skipped" in out
    assert "row 3, column 'activities': unknown activity code(s): tango" in out
    assert Directory.objects.get(practice=practice).offers.count() == 1


def test_near_json_nearest_first(practice, capsys):
    own = Directory.objects.create(practice=practice, name="Praxis")
    make_offer(own, "Hallenbad", 3, kind="pool", setting="water", activities=["swimming"], attribution="© X")
    make_offer(own, "Rückenkurs", 1)
    run("near", "--postcode", "35037", "--km", "10", "--json")
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert [d["name"] for d in data] == ["Rückenkurs", "Hallenbad"]
    for key in ("name", "kind", "activities", "lat", "lon", "distance_km", "attribution"):
        assert key in data[0]
    assert data[0]["distance_km"] == 1.0 and data[1]["attribution"] == "© X"
    assert "GeoNames" in captured.err
    run("near", "--postcode", "35037", "--km", "10", "--activity", "swimming", "--json")
    assert [d["name"] for d in json.loads(capsys.readouterr().out)] == ["Hallenbad"]


def test_near_text_output_shows_distance_and_attribution(practice, capsys):
    own = Directory.objects.create(practice=practice, name="Praxis")
    make_offer(own, "Rückenkurs", 1, attribution="© OpenStreetMap contributors, ODbL")
    run("near", "--practice", str(practice.pk))  # the practice's postal code is the origin
    out = capsys.readouterr().out
    assert "1.00 km  Rückenkurs" in out
    assert "© OpenStreetMap contributors, ODbL" in out and "GeoNames" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--postcode", "00000"), "unknown postal code"),
        (("--lat", "95", "--lon", "8"), "impossible coordinates"),
        (("--lat", "50"), "impossible coordinates"),
        (("--postcode", "35037", "--km", "-1"), "--km"),
        (("--postcode", "35037", "--weekday", "Funday"), "unknown weekday"),
        ((), "give --postcode"),
    ],
)
def test_near_bad_input_exits_2_with_nothing_on_stdout(db, capsys, args, message):
    assert exit_status("near", *args, "--json") == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err


def test_import_missing_or_unreadable_file_exits_2(db, tmp_path, capsys):
    assert exit_status("import", str(tmp_path / "nope.osm")) == 2
    bad = tmp_path / "kurse.csv"
    bad.write_text("colour\nred\n", encoding="utf-8")
    assert exit_status("import", str(bad)) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "unknown column" in captured.err


def test_subscribe_and_directories(practice, capsys):
    regional = Directory.objects.create(name="Landkreis")
    make_offer(regional, "Regional", 1)
    run("subscribe", "--practice", str(practice.pk), "--directory", str(regional.pk))
    assert f'now uses "Landkreis" (directory {regional.pk})' in capsys.readouterr().out
    run("near", "--practice", str(practice.pk), "--json")
    assert [d["name"] for d in json.loads(capsys.readouterr().out)] == ["Regional"]
    run("directories")
    assert "shared" in capsys.readouterr().out
    own = Directory.objects.create(practice=practice, name="Eigene")
    assert exit_status("subscribe", "--practice", str(practice.pk), "--directory", str(own.pk)) == 2
    assert "only shared" in capsys.readouterr().err
