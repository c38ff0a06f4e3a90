"""``backactive gdt``: parse prints one JSON object; unreadable and empty files exit with 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from backactive.accounts.models import Practice
from backactive.patients.models import Patient

from .conftest import SAMPLE

ROOT = Path(__file__).resolve().parents[3]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "gdt", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        check=False,
    )


def test_parse_json_prints_one_object() -> None:
    out = StringIO()
    call_command("gdt", "parse", str(SAMPLE), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert list(data) == ["record_type", "version", "charset", "fields", "patient", "warnings"]
    assert data["patient"]["birth_date"] == "1922-06-30"
    assert [f["id"] for f in data["fields"]][:3] == ["8000", "8100", "9218"]
    assert data["warnings"] == []


def test_parse_exit_status_2_with_line_number_and_empty_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gdt"
    broken.write_bytes(SAMPLE.read_bytes().replace(b"0143102Agnes", b"Agnes"))
    empty = tmp_path / "empty.gdt"
    empty.write_bytes(b"")
    result = run_cli("parse", str(broken), "--json")
    assert (result.returncode, result.stdout) == (2, "")
    assert "line 6" in result.stderr
    out = StringIO()
    with pytest.raises(CommandError, match="empty") as err:
        call_command("gdt", "parse", str(empty), "--json", stdout=out)
    assert (err.value.returncode, out.getvalue()) == (2, "")


def test_parse_with_wrong_length_still_prints_and_warns(tmp_path: Path) -> None:
    odd = tmp_path / "odd.gdt"
    odd.write_bytes(SAMPLE.read_bytes().replace(b"0143102Agnes", b"0203102Agnes"))
    out = StringIO()
    call_command("gdt", "parse", str(odd), "--json", stdout=out)
    assert json.loads(out.getvalue())["warnings"] == ["line 6: declared length 20, actual 14"]


@pytest.mark.django_db
def test_import_and_watch_once(practice: Practice, inbox: Path, sample_in_inbox: Path) -> None:
    call_command("gdt", "import", str(sample_in_inbox), "--practice", str(practice.pk), stdout=StringIO())
    assert Patient.objects.filter(pvs_number="0000002191").count() == 1
    (inbox / "second.gdt").write_bytes(SAMPLE.read_bytes())
    (inbox / "bad.gdt").write_bytes(b"nonsense\r\n")
    out, err = StringIO(), StringIO()
    call_command("gdt", "watch", str(inbox), "--once", stdout=out, stderr=err)  # the only practice
    assert "imported second.gdt" in out.getvalue()
    assert "not imported bad.gdt" in err.getvalue()
    assert sorted(p.name for p in (inbox / "done").iterdir()) == ["BACKPRAX.GDT", "second.gdt"]
    assert Patient.objects.count() == 1


@pytest.mark.django_db
def test_import_of_a_broken_file_exits_2(practice: Practice, inbox: Path) -> None:
    path = inbox / "bad.gdt"
    path.write_bytes(b"")
    with pytest.raises(CommandError) as err:
        call_command("gdt", "import", str(path), stdout=StringIO())
    assert err.value.returncode == 2
    assert (inbox / "error" / "bad.gdt.report.txt").exists()


@pytest.mark.django_db
def test_several_practices_need_practice_option(practice: Practice, other_practice: Practice, inbox: Path) -> None:
    with pytest.raises(CommandError, match="--practice"):
        call_command("gdt", "watch", str(inbox), "--once")


@pytest.mark.django_db
def test_watch_polls_until_interrupted_and_takes_a_file_once_it_is_stable(
    practice: Practice, sample_in_inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps: list[float] = []

    def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr("backactive.interop.management.commands.gdt.time.sleep", fake_sleep)
    out = StringIO()
    call_command("gdt", "watch", str(sample_in_inbox.parent), "--interval", "0.5", stdout=out)
    assert sleeps == [0.5, 0.5]
    assert out.getvalue().count("imported BACKPRAX.GDT") == 1  # seen on pass 1, taken on pass 2
    assert Patient.objects.count() == 1
