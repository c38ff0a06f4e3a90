"""Safe defaults: whatever serves HTTP uses the production settings unless told otherwise, and
refuses to start without SECRET_KEY; the offline command-line contracts need no environment.

Before, ``config/wsgi.py`` and the ``backactive`` command defaulted to the local settings, so a
deployment that forgot DJANGO_SETTINGS_MODULE ran with DEBUG on and the development key."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backactive.cli import default_settings
from tests.recommendations.conftest import make_profile

ROOT = Path(__file__).resolve().parents[2]
BACKACTIVE = str(Path(sys.executable).parent / "backactive")
PLAN = ROOT / "tests" / "handouts" / "plan_en.json"
GDT = ROOT / "tests" / "interop" / "gdt" / "data" / "termpain-6302-gdt2.gdt"


def _bare_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh shell: none of our variables."""
    ours = {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG", "DATABASE_URL", "TASKS_IMMEDIATE"}
    env = {k: v for k, v in os.environ.items() if k not in ours}
    env["BACKACTIVE_DATA_DIR"] = str(tmp_path / "data")
    return {**env, **extra}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False)


def test_wsgi_defaults_to_production_and_refuses_without_a_secret_key(tmp_path: Path) -> None:
    load = [sys.executable, "-c", "import config.wsgi; from django.conf import settings; "
            "print(settings.SETTINGS_MODULE, settings.DEBUG)"]  # fmt: skip
    refused = _run(load, _bare_env(tmp_path, DEBUG="1"))
    assert refused.returncode != 0 and "SECRET_KEY must be set" in refused.stderr
    served = _run(load, _bare_env(tmp_path, SECRET_KEY="x" * 50))
    assert served.returncode == 0, served.stderr
    assert served.stdout.split() == ["config.settings.production", "False"]


@pytest.mark.parametrize("command", ["runserver", "worker", "migrate"])
def test_server_commands_default_to_production(command: str) -> None:
    assert default_settings([command, "--noreload"]) == "config.settings.production"


def test_runserver_without_a_secret_key_does_not_start(tmp_path: Path) -> None:
    done = _run([BACKACTIVE, "runserver", "--noreload", "127.0.0.1:0"], _bare_env(tmp_path, DEBUG="1"))
    assert done.returncode != 0 and "SECRET_KEY must be set" in done.stderr


def test_offline_contracts_work_without_any_environment(tmp_path: Path) -> None:
    env = _bare_env(tmp_path)
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(make_profile(barriers=["time"])), encoding="utf-8")
    recommend = _run([BACKACTIVE, "recommend", str(profile), "--lang", "en"], env)
    assert recommend.returncode == 0, recommend.stderr
    assert json.loads(recommend.stdout)["lang"] == "en"
    handout = _run([BACKACTIVE, "handout", str(PLAN), "--out", str(tmp_path / "h.pdf"), "--lang", "en"], env)
    assert handout.returncode == 0, handout.stderr
    assert (tmp_path / "h.pdf").read_bytes().startswith(b"%PDF")
    parsed = _run([BACKACTIVE, "gdt", "parse", str(GDT), "--json"], env)
    assert parsed.returncode == 0, parsed.stderr
    assert json.loads(parsed.stdout)
    database = {"DATABASE_URL": f"sqlite:///{tmp_path / 'offers.sqlite3'}"}
    local = {"DJANGO_SETTINGS_MODULE": "config.settings.local"}
    assert _run([BACKACTIVE, "migrate", "-v", "0"], {**env, **database, **local}).returncode == 0
    near = _run([BACKACTIVE, "offers", "near", "--postcode", "35037", "--km", "5", "--json"], {**env, **database})
    assert near.returncode == 0, near.stderr
    assert json.loads(near.stdout) == []


def test_the_later_offline_contracts_work_without_any_environment(tmp_path: Path) -> None:
    """Issue 15's `effects`, issue 17's `exercises` and issue 20's `questionnaire score` are
    command-line contracts too: on a bare workstation they answer, they do not ask for SECRET_KEY."""
    env = _bare_env(tmp_path)
    answers = tmp_path / "phq4.json"
    answers.write_text(json.dumps({"nervous": 1, "worry": 2, "interest": 0, "down": 1}), encoding="utf-8")
    scored = _run([BACKACTIVE, "questionnaire", "score", "phq4", str(answers)], env)
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["total"] == 4
    listed = _run([BACKACTIVE, "exercises", "list", "--json"], env)
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) >= 40
    drawn = _run([BACKACTIVE, "exercises", "render", "bridge", "--out", str(tmp_path / "bridge.svg")], env)
    assert drawn.returncode == 0, drawn.stderr
    svg = (tmp_path / "bridge.svg").read_text(encoding="utf-8")
    assert "<title" in svg and "<desc" in svg
    diary = tmp_path / "diary.json"
    diary.write_text(json.dumps({"pain": [], "activity": []}), encoding="utf-8")
    effects = _run([BACKACTIVE, "effects", str(diary)], env)
    assert effects.returncode in (0, 2), effects.stderr  # an empty diary may be refused, never for settings
    assert "SECRET_KEY" not in effects.stderr
