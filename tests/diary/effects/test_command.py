"""``backactive effects``: the command-line contract, run as a real process and in-process."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from . import simulate

ROOT = Path(__file__).resolve().parents[3]
KEYS = {"enough_data", "missing", "days", "next_day", "same_day", "trend", "long_session_pattern", "statement",
        "statement_gp"}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    return subprocess.run([sys.executable, "manage.py", "effects", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=60, check=False)


def as_json(case: simulate.Case) -> dict[str, Any]:
    """A simulated diary written back as DIARY.json (dates moved to end yesterday)."""
    shift = dt.date.today() - dt.timedelta(days=1) - (simulate.START + dt.timedelta(days=case.days - 1))
    return {
        "pain": [{"date": (d + shift).isoformat(), "value": v} for d, v in case.pain],
        "activity": [
            {"date": (d + shift).isoformat(), "minutes": m, "intensity": "moderate"} for d, m in case.activity
        ],
    }


def write(tmp_path: Path, content: Any) -> str:
    path = tmp_path / "diary.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def helpful() -> dict[str, Any]:
    return as_json(simulate.diaries("helpful_strong", 1, 90, seed=4)[0])


def test_prints_one_json_object_with_exactly_the_contracts_keys(tmp_path: Path, helpful: dict[str, Any]) -> None:
    done = run(write(tmp_path, helpful), "--lang", "en")
    assert done.returncode == 0 and done.stderr == ""
    result = json.loads(done.stdout)
    assert set(result) == KEYS
    assert result["enough_data"] is True and result["missing"] is None
    assert set(result["days"]) == {"pain", "active", "rest"}
    assert all(isinstance(v, int) for v in result["days"].values())
    for key in ("next_day", "same_day"):
        assert set(result[key]) == {"difference", "interval", "level"} and result[key]["level"] == 0.9
        low, high = result[key]["interval"]
        assert low <= result[key]["difference"] <= high
    assert result["next_day"]["interval"][1] < 0  # this diary has a clear benefit
    assert set(result["trend"]) == {"activity_slope_per_week", "pain_slope_per_week", "pain_slope_interval"}
    assert len(result["trend"]["pain_slope_interval"]) == 2
    assert isinstance(result["long_session_pattern"], bool)
    assert result["statement"].startswith("In your entries, pain on the day after activity was on average")
    assert result["statement_gp"].startswith("Next-day pain after active days (20 min or more)")


def test_german_is_the_default_stdin_works_and_the_answer_is_repeatable(helpful: dict[str, Any]) -> None:
    first = run("-", stdin=json.dumps(helpful))
    second = run("-", stdin=json.dumps(helpful))
    assert first.returncode == 0 and first.stdout == second.stdout
    assert json.loads(first.stdout)["statement"].startswith("In Ihren Einträgen war der Schmerz")


def test_too_little_data_says_what_is_missing(tmp_path: Path) -> None:
    out = StringIO()
    call_command("effects", write(tmp_path, {"pain": [{"date": "2025-01-01", "value": 3}], "activity": []}), stdout=out)
    result = json.loads(out.getvalue())
    assert result["enough_data"] is False and result["next_day"] is None and result["same_day"] is None
    assert result["trend"] is None and result["long_session_pattern"] is False
    assert result["days"] == {"pain": 1, "active": 0, "rest": 0}
    assert result["missing"].startswith("noch 13 Tage mit Schmerzeintrag, 5 aktive Tage und 5 Ruhetage")
    assert result["missing"] in result["statement"]


def test_the_threshold_decides_which_days_are_active(tmp_path: Path) -> None:
    diary = {"pain": [{"date": f"2025-01-{d:02d}", "value": 4} for d in range(1, 4)],
             "activity": [{"date": "2025-01-01", "minutes": 15, "intensity": "light"},
                          {"date": "2025-01-01", "minutes": 10, "intensity": "light"}]}
    path = write(tmp_path, diary)
    for threshold, active in (("20", 1), ("30", 0)):
        out = StringIO()
        call_command("effects", path, threshold_minutes=int(threshold), stdout=out)
        assert json.loads(out.getvalue())["days"] == {"pain": 3, "active": active, "rest": 2 - active}


BAD = [
    ((), '{"pain": [', "malformed JSON at line 1"),
    ((), {"pain": [{"date": "2025-01-01", "value": 12}], "activity": []}, "pain[0].value must be between 0 and 10"),
    ((), {"pain": [], "activity": [{"date": "2025-01-01", "minutes": -3}]}, "minutes must not be negative"),
    ((), {"pain": [], "activity": [{"date": "2025-01-01", "minutes": 3, "intensity": "x"}]}, "intensity must be"),
    ((), {"pain": [{"date": "3000-01-01", "value": 1}], "activity": []}, "is in the future"),
    ((), {"pain": [{"date": "01.02.2025", "value": 1}], "activity": []}, "is not a valid date"),
    ((), [], "the diary must be a JSON object"),
    (("--threshold-minutes", "0"), {"pain": [], "activity": []}, "--threshold-minutes must be between 1 and 1440"),
]


@pytest.mark.parametrize(("args", "content", "message"), BAD)
def test_bad_input_is_a_command_error_with_status_2(
    tmp_path: Path, args: tuple[str, ...], content: Any, message: str
) -> None:
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("effects", write(tmp_path, content), *args, stdout=out)
    assert error.value.returncode == 2 and out.getvalue() == "" and message in str(error.value)


@pytest.mark.parametrize(
    ("args", "content", "message"),
    [
        BAD[0],
        BAD[4],
        (("--threshold-minutes", "ten"), {"pain": [], "activity": []}, "invalid int value: 'ten'"),
        (("--lang", "fr"), {"pain": [], "activity": []}, "invalid choice: 'fr'"),
    ],
)
def test_as_a_process_bad_input_exits_2_with_one_line_and_nothing_on_stdout(
    tmp_path: Path, args: tuple[str, ...], content: Any, message: str
) -> None:
    done = run(write(tmp_path, content), *args)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as error:
        call_command("effects", str(tmp_path / "nope.json"), stdout=StringIO())
    assert error.value.returncode == 2 and str(error.value) == f"{tmp_path / 'nope.json'}: no such file"
    with pytest.raises(CommandError, match="--lang must be one of de, en, got 'fr'"):
        call_command("effects", str(tmp_path / "nope.json"), lang="fr", stdout=StringIO())
