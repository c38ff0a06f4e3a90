"""``backactive handout PLAN.json --out FILE.pdf [--lang de|en]``: the command-line contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.handouts.helpers import HERE, pdf_text

REPO = HERE.parent.parent


def _write(path: Path, plan: Any) -> Path:
    path.write_text(json.dumps(plan), encoding="utf-8")
    return path


def _call(*args: str) -> CommandError:
    with pytest.raises(CommandError) as caught:
        call_command("handout", *args)
    return caught.value


def test_a_plan_becomes_a_pdf_in_the_chosen_language(tmp_path: Path) -> None:
    out = tmp_path / "handout.pdf"
    call_command("handout", str(HERE / "plan_en.json"), "--out", str(out), "--lang", "de")
    text = pdf_text(out.read_bytes())
    assert "Ihr Bewegungsplan" in text and "Brisk walking" in text
    assert [p.name for p in tmp_path.iterdir()] == ["handout.pdf"]  # no temporary file left


def test_the_real_command_exits_2_with_one_message_and_writes_nothing(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text('{"status": "ok",', encoding="utf-8")
    out = tmp_path / "handout.pdf"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(
        [sys.executable, "-m", "backactive.cli", "handout", str(plan), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"{plan}: malformed JSON at line 1" in result.stderr
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_a_missing_plan_file(tmp_path: Path) -> None:
    error = _call(str(tmp_path / "nope.json"), "--out", str(tmp_path / "h.pdf"))
    assert error.returncode == 2
    assert str(error) == f"{tmp_path / 'nope.json'}: no such file"


def test_a_plan_that_is_not_utf8(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_bytes(b'{"name": "M\xfcller"}')
    error = _call(str(plan), "--out", str(tmp_path / "h.pdf"))
    assert error.returncode == 2 and "not UTF-8 text" in str(error)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.pop("items"), "input: lacks 'items'"),
        (
            lambda p: p.update(status="needs_clinical_review", review_reasons=["major_trauma"]),
            "status: the plan needs clinical review first (major_trauma)",
        ),
        (lambda p: p["patient"].update(pain_scale="stars"), "patient.pain_scale: must be one of"),
    ],
    ids=["missing key", "needs clinical review", "invalid value"],
)
def test_invalid_plans_exit_2_and_write_nothing(
    change: Any, message: str, tmp_path: Path, plan_de: dict[str, Any]
) -> None:
    change(plan_de)
    plan = _write(tmp_path / "plan.json", plan_de)
    out = tmp_path / "handout.pdf"
    error = _call(str(plan), "--out", str(out))
    assert error.returncode == 2
    assert message in str(error)
    assert str(error).startswith(f"{plan}: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_a_failed_print_keeps_an_existing_file(tmp_path: Path, plan_de: dict[str, Any]) -> None:
    out = tmp_path / "handout.pdf"
    out.write_bytes(b"the earlier handout")
    plan_de["items"] = []
    error = _call(str(_write(tmp_path / "plan.json", plan_de)), "--out", str(out))
    assert error.returncode == 2
    assert out.read_bytes() == b"the earlier handout"


def test_an_output_folder_that_does_not_exist(tmp_path: Path) -> None:
    error = _call(str(HERE / "plan_de.json"), "--out", str(tmp_path / "missing" / "h.pdf"))
    assert error.returncode == 2
    assert "does not exist" in str(error)


def test_an_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    error = _call(str(HERE / "plan_de.json"), "--out", str(tmp_path / "h.pdf"), "--lang", "fr")
    assert "invalid choice: 'fr'" in str(error)
    assert not (tmp_path / "h.pdf").exists()
