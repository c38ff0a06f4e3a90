"""``backactive recommend``: the command-line contract, run as a real process and in-process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from .conftest import make_profile

ROOT = Path(__file__).resolve().parents[2]
OUTPUT_KEYS = {
    "status",
    "review_reasons",
    "cleared_flags",
    "lang",
    "weekly_target_minutes",
    "first_week_minutes",
    "items",
    "safety_net",
    "cautions",
    "considerations",
    "flare_up",
    "goals",
    "reminders",
}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    return subprocess.run(
        [sys.executable, "manage.py", "recommend", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def write(tmp_path: Path, content: Any) -> str:
    path = tmp_path / "profile.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


def test_prints_one_json_object(tmp_path: Path) -> None:
    done = run(write(tmp_path, make_profile(barriers=["time"])), "--lang", "en")
    assert done.returncode == 0 and done.stderr == ""
    result = json.loads(done.stdout)
    assert set(result) == OUTPUT_KEYS and result["lang"] == "en" and result["items"]


def test_german_is_the_default_and_stdin_works() -> None:
    done = run("-", stdin=json.dumps(make_profile()))
    assert done.returncode == 0 and json.loads(done.stdout)["lang"] == "de"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"age": 50,', "malformed JSON at line 1"),
        (make_profile(barriers=["laziness"]), "barriers: unknown barrier code 'laziness'"),
        (make_profile(pain=12), "pain must be between 0 and 10, got 12"),
        (make_profile(age=15), "age must be between 16 and 110, got 15"),
        (make_profile(age=111), "age must be between 16 and 110, got 111"),
        (make_profile(mobility="scooter"), "mobility must be one of independent, walking_aid, wheelchair"),
        (make_profile(floor_ok=None), "floor_ok must be true or false, got null"),
        (make_profile(risk_group="severe"), "risk_group must be one of low, medium, high"),
        (make_profile(red_flags_cleared=["night_pain"]), "red_flags_cleared: 'night_pain' is not in red_flags"),
        (make_profile(long_session_pattern="yes"), "long_session_pattern must be true or false"),
    ],
)
def test_invalid_input_exits_2_with_one_line_and_no_stdout(tmp_path: Path, content: Any, message: str) -> None:
    done = run(write(tmp_path, content))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and message in done.stderr


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    done = run(str(tmp_path / "nope.json"))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip() == f"CommandError: {tmp_path / 'nope.json'}: no such file"


def test_call_command_writes_json(tmp_path: Path) -> None:
    out = StringIO()
    call_command("recommend", write(tmp_path, make_profile(red_flags=["cauda_equina"])), lang="en", stdout=out)
    result = json.loads(out.getvalue())
    assert result["status"] == "needs_clinical_review" and result["items"] == []
    assert result["review_reasons"][0]["urgency"] == "emergency"
    assert result["safety_net"][0]["code"] == "review_emergency" and "112" in result["safety_net"][0]["text"]


def test_the_new_inputs_and_outputs_of_issue_11(tmp_path: Path) -> None:
    data = make_profile(
        age=70,
        mobility="wheelchair",
        floor_ok=False,
        risk_group="high",
        red_flags=["cancer_history"],
        red_flags_cleared=["cancer_history"],
        long_session_pattern=True,
        conditions=["heart_disease"],
    )
    done = run(write(tmp_path, data), "--lang", "en")
    assert done.returncode == 0 and done.stderr == ""
    result = json.loads(done.stdout)
    assert result["status"] == "ok" and result["review_reasons"] == []
    assert result["cleared_flags"] == [{"code": "cancer_history", "label": "History of cancer", "urgency": "urgent"}]
    assert {e["code"] for e in result["safety_net"]} >= {"seek_care_now", "heart_disease", "watch_cancer_history"}
    assert {c["code"] for c in result["considerations"]} >= {"psychologically_informed_physio"}
    assert any(c["code"].startswith("heart_disease") for c in result["cautions"])
    assert set(result["flare_up"]) == {"text", "items"}
    for item in result["items"]:
        assert not {"walking", "standing", "floor"} & set(item["needs"])
        if item["kind"] == "exercise":
            assert set(item["dose"]) == {"sets", "reps", "hold_seconds", "rest_seconds", "per_side"}


BAD = [
    ("not json", "malformed JSON"),
    ("[]", "the profile must be a JSON object"),
    (make_profile(conditions=["bad_back"]), "conditions: unknown condition code 'bad_back'"),
    (make_profile(red_flags=["x"]), "red_flags: unknown red flag code 'x'"),
    (make_profile(preferences={"enjoys": ["chess"]}), "unknown activity code 'chess'"),
    (make_profile(pain=-0.5), "pain must be between 0 and 10"),
    (make_profile(active_minutes_per_week=-1), "active_minutes_per_week must be between 0"),
    (make_profile(max_minutes_per_session=-10), "max_minutes_per_session must be between 1"),
    (make_profile(age="old"), "age must be a whole number, got a string"),
    (make_profile(wants_goals=None), "wants_goals must be true or false, got null"),
    (make_profile(barriers={"time": True}), "barriers must be a list of codes"),
    (make_profile(age=5), "age must be between 16 and 110, got 5"),
    (make_profile(age=80, conditions=["pregnancy"]), "conditions: pregnancy is not plausible at age 80"),
    (make_profile(red_flags=["night_pain"], red_flags_cleared=["fracture_suspected"]), "red_flags_cleared:"),
]


@pytest.mark.parametrize(("content", "message"), BAD)
def test_each_bad_input_raises_a_command_error_with_status_2(tmp_path: Path, content: Any, message: str) -> None:
    out = StringIO()
    path = write(tmp_path, content)
    with pytest.raises(CommandError) as error:
        call_command("recommend", path, stdout=out)
    assert error.value.returncode == 2 and out.getvalue() == ""
    assert str(error.value).startswith(f"{path}: ") and message in str(error.value)


def test_an_unknown_language_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="lang must be one of de, en, tr, ru, uk, ar, pl, got 'fr'"):
        call_command("recommend", write(tmp_path, make_profile()), lang="fr")
    done = run(write(tmp_path, make_profile()), "--lang", "fr")
    assert done.returncode == 2 and done.stdout == "" and "invalid choice: 'fr'" in done.stderr


@pytest.mark.parametrize("lang", ["tr", "ru", "uk", "ar", "pl"])
def test_the_patient_languages_print_every_patient_text_in_that_language(lang: str, tmp_path: Any) -> None:
    """Issue 19: --lang accepts the five added languages; titles, reasons and the safety net are
    in that language (the clinician's cautions stay German)."""
    import io
    import json

    from backactive.recommendations import knowledge

    source = tmp_path / "profile.json"
    source.write_text(json.dumps({
        "age": 50, "pain": 4, "active_minutes_per_week": 30, "barriers": ["time"], "conditions": [],
        "red_flags": [], "preferences": {"social": "any", "setting": "any", "enjoys": []},
        "max_minutes_per_session": 45, "wants_goals": True, "wants_reminders": False,
    }), encoding="utf-8")
    out = io.StringIO()
    call_command("recommend", str(source), "--lang", lang, stdout=out)
    plan = json.loads(out.getvalue())
    assert plan["lang"] == lang
    known = [i for i in plan["items"] if i["kind"] in ("activity", "exercise")]
    assert known and all(i["title"] == knowledge.item(i["code"]).title.get(lang) for i in known)
    assert plan["safety_net"][0]["text"] == knowledge.safety_entry("seek_care_now", lang)
    assert plan["flare_up"]["text"] == knowledge.flare_up_text(lang)
