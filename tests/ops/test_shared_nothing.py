"""Nothing an app instance needs lives only in another instance's memory or on its disk: sessions
are in the database, nothing is cached per process, and no code writes under the data folder
while serving or running jobs (uploads are stored with their job). GDT exchange folders are the
exception by design: they are the practice system's shared folder (README, "Production").
The real run of two instances and a worker is tests/ops/test_two_instances.py (PostgreSQL)."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

PACKAGE = Path(__file__).resolve().parents[2] / "backactive"
# Modules that may write under the data folder (settings place the SQLite file there; GDT
# folders have their own root): none.
DATA_DIR_ALLOWED: set[str] = set()


def test_sessions_are_in_the_database_and_nothing_is_cached_per_process() -> None:
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.dummy.DummyCache"
    assert settings.MESSAGE_STORAGE.endswith(("FallbackStorage", "CookieStorage", "SessionStorage"))


def _uses(name: str) -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            imported = isinstance(node, ast.ImportFrom) and (node.module or "").startswith(name)
            if imported or (isinstance(node, ast.Attribute) and node.attr == name):
                found.append(str(path.relative_to(PACKAGE)))
    return found


def test_no_code_uses_a_cache() -> None:
    # A per-process cache would differ between instances; make a shared one first (see settings).
    assert _uses("django.core.cache") == []


def test_only_backups_write_under_the_data_folder() -> None:
    assert set(_uses("DATA_DIR")) <= DATA_DIR_ALLOWED, _uses("DATA_DIR")
