"""Set up Django for a benchmark in a throwaway database: a fresh SQLite file in a temporary
folder, or the database named by DATABASE_URL (its test database is created and dropped)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@contextmanager
def django_database() -> Iterator[str]:
    """Yields the database vendor ('sqlite' or 'postgresql') with migrations applied."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    # The test client's host; no template instrumentation (setup_test_environment) so that the
    # figures are those of a real request.
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    tmp = tempfile.TemporaryDirectory(prefix="backactive-bench-")
    if not os.environ.get("DATABASE_URL"):
        os.environ["BACKACTIVE_BENCH_SQLITE"] = str(Path(tmp.name) / "bench.sqlite3")
        os.environ["DATABASE_URL"] = f"sqlite:///{os.environ['BACKACTIVE_BENCH_SQLITE']}"
        owned_url = True
    else:
        owned_url = False
    import django

    django.setup()
    from django.db import connection
    old_name = None
    if connection.vendor == "postgresql":
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    try:
        yield connection.vendor
    finally:
        if old_name is not None:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        if owned_url:
            os.environ.pop("DATABASE_URL", None)
        tmp.cleanup()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]
