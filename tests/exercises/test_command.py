"""``backactive exercises render``: the command-line contract, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    return subprocess.run(
        [sys.executable, "manage.py", "exercises", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_render_writes_the_standard_level_still(tmp_path: Path) -> None:
    out = tmp_path / "bridge.svg"
    done = run("render", "bridge", "--out", str(out))
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""
    root = ET.parse(out).getroot()
    assert root.find(f"{SVG}title").text == "Becken heben (Brücke) – Stufe 2 (Standard)"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc") is not None and root.find(f".//{SVG}animate") is None


def test_render_animated_in_english(tmp_path: Path) -> None:
    out = tmp_path / "anim.svg"
    done = run("render", "cat_cow", "--level", "1", "--animated", "--lang", "en", "--out", str(out))
    assert done.returncode == 0
    root = ET.parse(out).getroot()
    assert root.find(f"{SVG}title").text == "Cat and cow – Level 1 (easier)"  # type: ignore[union-attr]
    assert root.find(f".//{SVG}animate") is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("render", "no_such_exercise"), "unknown exercise 'no_such_exercise'"),
        (("render", "bridge", "--level", "4"), "unknown level '4'"),
        (("render", "bridge", "--level", "two"), "unknown level 'two'"),
    ],
)
def test_unknown_code_or_level_is_exit_2_with_one_line(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    out = tmp_path / "x.svg"
    done = run(*args, "--out", str(out))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and message in done.stderr
    assert not out.exists()


def test_list_json_prints_every_exercise_with_levels_and_contraindications() -> None:
    done = run("list", "--json", "--lang", "en")
    assert done.returncode == 0 and done.stderr == ""
    exercises = json.loads(done.stdout)
    assert len(exercises) >= 40 and exercises == sorted(exercises, key=lambda e: e["code"])
    for entry in exercises:
        assert {"code", "components", "needs", "levels", "contraindications"} <= set(entry)
        assert [lv["level"] for lv in entry["levels"]] == [1, 2, 3]
        for lv in entry["levels"]:
            assert set(lv["dose"]) == {"sets", "reps", "hold_seconds", "rest_seconds", "per_side"}
            assert lv["instructions"]
        assert isinstance(entry["contraindications"], list)
    bridge = next(e for e in exercises if e["code"] == "bridge")
    assert "pregnancy" in bridge["contraindications"] and bridge["levels"][2]["dose"]["per_side"] is True


@pytest.mark.parametrize("lang", ["tr", "ru", "uk", "ar", "pl"])
def test_the_patient_languages_are_accepted_and_nothing_reads_german(lang: str, tmp_path: Path) -> None:
    """`--lang` as elsewhere (issue 19): the five added languages, with their own titles,
    instructions and level names, and no German fallback."""
    german = {e["code"]: e for e in json.loads(run("list", "--json", "--lang", "de").stdout)}
    done = run("list", "--json", "--lang", lang)
    assert done.returncode == 0 and done.stderr == ""
    for entry in json.loads(done.stdout):
        assert entry["title"] != german[entry["code"]]["title"], entry["code"]
        for ours, theirs in zip(entry["levels"], german[entry["code"]]["levels"], strict=True):
            assert ours["instructions"] != theirs["instructions"], (entry["code"], ours["level"])
    out = tmp_path / "bridge.svg"
    assert run("render", "bridge", "--level", "1", "--lang", lang, "--out", str(out)).returncode == 0
    title = ET.parse(out).getroot().find(f"{SVG}title")
    assert title is not None and title.text and "Stufe" not in title.text
