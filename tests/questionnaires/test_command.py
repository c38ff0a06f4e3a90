"""``backactive questionnaire score INSTRUMENT ANSWERS.json``: the contract, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

EXAMPLES: dict[str, tuple[dict[str, int], dict[str, Any]]] = {
    "ipaq_sf": (
        {
            "vigorous_days": 5,
            "vigorous_minutes": 30,
            "moderate_days": 5,
            "moderate_minutes": 30,
            "walking_days": 5,
            "walking_minutes": 30,
            "sitting_minutes": 240,
        },
        {"met_minutes_week": 2295.0, "category": "high"},
    ),
    "gcps": (
        {
            "pain_now": 5,
            "pain_worst": 8,
            "pain_average": 6,
            "disability_days": 10,
            "interference_daily": 5,
            "interference_social": 4,
            "interference_work": 6,
        },
        {"characteristic_pain_intensity": 63, "disability_score": 50, "disability_points": 3, "grade": 3},
    ),
    "peg": ({"pain_average": 5, "interference_enjoyment": 6, "interference_activity": 8}, {"score": 6.33}),
    "phq4": (
        {"nervous": 1, "worry": 2, "interest": 1, "down": 1},
        {"total": 5, "phq2": 2, "gad2": 3, "phq2_positive": False, "gad2_positive": True},
    ),
}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    return subprocess.run(
        [sys.executable, "manage.py", "questionnaire", "score", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def write(tmp_path: Path, content: Any) -> str:
    path = tmp_path / "answers.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("instrument", sorted(EXAMPLES))
def test_prints_the_scores_under_the_manuals_names(tmp_path: Path, instrument: str) -> None:
    answers, expected = EXAMPLES[instrument]
    done = run(instrument, write(tmp_path, answers))
    assert done.returncode == 0 and done.stderr == ""
    result = json.loads(done.stdout)
    assert result.items() >= expected.items()


def test_phq4_screens_are_its_only_booleans() -> None:
    done = run("phq4", "-", stdin=json.dumps(EXAMPLES["phq4"][0]))
    result = json.loads(done.stdout)
    assert sorted(k for k, v in result.items() if isinstance(v, bool)) == ["gad2_positive", "phq2_positive"]


@pytest.mark.parametrize(
    ("instrument", "change", "item"),
    [
        ("phq4", {"down": 4}, "down"),
        ("phq4", {"down": None}, "down"),
        ("gcps", {"disability_days": 200}, "disability_days"),
        ("peg", {"interference_activity": 2.5}, "interference_activity"),
        ("ipaq_sf", {"walking_days": 8}, "walking_days"),
        ("ipaq_sf", {"steps": 8000}, "steps"),  # unknown key
    ],
)
def test_bad_answers_exit_2_with_one_line_naming_the_item(
    tmp_path: Path, instrument: str, change: dict[str, Any], item: str
) -> None:
    answers = {**EXAMPLES[instrument][0], **change}
    done = run(instrument, write(tmp_path, answers))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"CommandError: {item}: ")


def test_a_missing_item_is_named(tmp_path: Path) -> None:
    answers = dict(EXAMPLES["gcps"][0])
    del answers["interference_work"]
    done = run("gcps", write(tmp_path, answers))
    assert done.returncode == 2 and done.stderr.strip() == "CommandError: interference_work: is missing"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("phq9", "x.json"), "invalid choice: 'phq9'"),
        (("peg", "nope.json"), "nope.json: no such file"),
    ],
)
def test_unknown_instrument_or_file_exits_2(args: tuple[str, str], message: str) -> None:
    done = run(*args)
    assert done.returncode == 2 and done.stdout == "" and message in done.stderr


def test_malformed_json_exits_2(tmp_path: Path) -> None:
    done = run("peg", write(tmp_path, "{not json"))
    assert done.returncode == 2 and "malformed JSON at line 1" in done.stderr
