"""Backups: encrypted, restorable only into an empty database, verified by counts and checksums."""

from __future__ import annotations

import io
import os
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from backactive.diary.models import PainEntry
from backactive.security import backup

KEY = Fernet.generate_key()


@pytest.fixture
def backup_key(monkeypatch: Any) -> bytes:
    monkeypatch.setenv(backup.KEY_ENV, KEY.decode())
    return KEY


def test_the_file_is_encrypted_and_checked(tmp_path: Path) -> None:
    token = backup.pack("sqlite", b"secret rows of Anna A", {"t": {"rows": 1, "sha256": "x"}}, KEY)
    assert b"Anna" not in token
    manifest, data = backup.unpack(token, KEY)
    assert data == b"secret rows of Anna A" and manifest["tables"]["t"]["rows"] == 1
    with pytest.raises(backup.BackupError, match="decrypt"):
        backup.unpack(token, Fernet.generate_key())
    with pytest.raises(backup.BackupError, match="decrypt"):
        backup.unpack(token[:-5] + b"AAAAA", KEY)


def test_a_missing_key_is_a_clear_error(tmp_path: Path, monkeypatch: Any, db: Any) -> None:
    monkeypatch.delenv(backup.KEY_ENV, raising=False)
    with pytest.raises(CommandError, match=backup.KEY_ENV):
        call_command("backup", out=tmp_path / "b.enc")


def test_verify_names_the_tables_that_differ() -> None:
    with pytest.raises(backup.BackupError, match="diary_painentry"):
        backup.verify({"diary_painentry": {"rows": 2}}, {"diary_painentry": {"rows": 1}})


def _sqlite_round_trip(world: Any, backup_key: bytes, tmp_path: Path) -> None:
    PainEntry.objects.create(patient=world.patient_a, date=world.consultation_a.date, pain=3,
                             client_id=uuid.uuid4())
    out = tmp_path / "backup.enc"
    stdout = io.StringIO()
    call_command("backup", out=out, stdout=stdout)
    assert "Backup written" in stdout.getvalue() and oct(out.stat().st_mode & 0o777) == "0o600"
    manifest, data = backup.unpack(out.read_bytes(), backup_key)
    assert manifest["tables"]["diary_painentry"]["rows"] == 1
    assert manifest["tables"]["patients_patient"]["rows"] == 3

    # Like Django's own connection: with type converters (the checksums must not depend on them).
    converters = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
    target = sqlite3.connect(tmp_path / "restored.sqlite3", detect_types=converters)
    found = backup.sqlite_restore(data, target)
    backup.verify(manifest["tables"], found)
    assert target.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert target.execute("SELECT display_name FROM patients_patient ORDER BY id").fetchall()[0][0] == "Anna A"
    # A second restore into the now non-empty database is refused.
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.sqlite_restore(data, target)
    target.close()
    # The command refuses the (non-empty) test database as well.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(out))


def _postgresql_round_trip(backup_key: bytes, tmp_path: Path) -> None:
    import psycopg

    from backactive.accounts.models import Practice

    Practice.objects.create(name="Praxis Backup")
    practices = Practice.objects.count()
    out = tmp_path / "backup.enc"
    call_command("backup", out=out, stdout=io.StringIO())
    manifest, data = backup.unpack(out.read_bytes(), backup_key)
    assert manifest["vendor"] == "postgresql" and manifest["tables"]["accounts_practice"]["rows"] == practices
    settings_dict = dict(connection.settings_dict)
    name = f"backactive_restore_{os.getpid()}"
    admin = {"dbname": "postgres", "host": settings_dict["HOST"], "port": settings_dict["PORT"],
             "user": settings_dict["USER"], "password": settings_dict["PASSWORD"] or None, "autocommit": True}
    with psycopg.connect(**admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        found = backup.pg_restore(data, settings_dict | {"NAME": name})
        backup.verify(manifest["tables"], found)
        with pytest.raises(backup.BackupError, match="not empty"):
            backup.pg_restore(data, settings_dict | {"NAME": name})
    finally:
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)  # pg_dump sees committed data only
def test_round_trip(world: Any, backup_key: bytes, tmp_path: Path) -> None:
    """Backup, restore into an empty database, verify: on whichever database the suite runs."""
    if connection.vendor == "sqlite":
        _sqlite_round_trip(world, backup_key, tmp_path)
    else:
        _postgresql_round_trip(backup_key, tmp_path)


def test_cli_round_trip_between_two_sqlite_files(tmp_path: Path) -> None:
    """The commands as an operator runs them, through Django's own connection (with its type
    converters) on both sides."""
    import subprocess
    import sys

    source = tmp_path / "live.sqlite3"
    with sqlite3.connect(source) as db:
        db.execute("CREATE TABLE visit (id integer primary key, at datetime, day date, note text)")
        db.executemany("INSERT INTO visit (at, day, note) VALUES (?, ?, ?)",
                       [("2026-01-02 10:00:00.123456", "2026-01-02", "ä\\n'x'"), (None, "2025-12-31", "")])
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {
        "DJANGO_SETTINGS_MODULE": "config.settings.test", backup.KEY_ENV: KEY.decode()}

    def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "manage.py", *args], cwd=root, capture_output=True, text=True,
                              env=env | {"DATABASE_URL": f"sqlite:///{db}"}, timeout=120)

    out = tmp_path / "b.enc"
    assert run(source, "backup", "--out", str(out)).returncode == 0
    restored = run(tmp_path / "new.sqlite3", "restore", str(out))
    assert restored.returncode == 0 and "Restored and verified: 1 tables, 2 rows" in restored.stdout, restored.stderr
    again = run(tmp_path / "new.sqlite3", "restore", str(out))
    assert again.returncode != 0 and "not empty" in again.stderr
