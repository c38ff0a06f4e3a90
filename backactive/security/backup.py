"""Encrypted, verifiable backups of the whole database.

A backup file is a Fernet token (AES-128-CBC + HMAC-SHA256, key from BACKACTIVE_BACKUP_KEY)
around a zip with ``manifest.json`` (database kind, time, per-table row counts and checksums)
and the data: an SQLite database file made with the online backup API (consistent while the
app keeps writing), or a ``pg_dump`` custom-format archive taken in the very snapshot in which
the manifest was counted. ``restore`` refuses a database that already holds tables, restores,
and then recounts every table against the manifest: a restore that does not match fails loudly.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

KEY_ENV = "BACKACTIVE_BACKUP_KEY"
FORMAT = 1


class BackupError(Exception):
    pass


def key_from_env() -> bytes:
    key = os.environ.get(KEY_ENV, "").strip()
    if not key:
        raise BackupError(f"Set {KEY_ENV} to a Fernet key (make one with: backactive backup --new-key).")
    try:
        Fernet(key)
    except ValueError as exc:
        raise BackupError(f"{KEY_ENV} is not a valid Fernet key.") from exc
    return key.encode()


# --- SQLite ---------------------------------------------------------------------------------

def sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    return [r[0] for r in rows]


def sqlite_manifest(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    """Row count and a checksum over the sorted rows of every table. Rows are rendered by SQLite
    itself (quote()), so the checksum does not depend on the connection's type converters
    (Django's connection turns dates into Python objects, a plain one does not)."""
    tables: dict[str, dict[str, Any]] = {}
    for name in sqlite_tables(conn):
        columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')]
        expression = " || ',' || ".join(f'quote("{c}")' for c in columns) or "''"
        rows = sorted(str(row[0]) for row in conn.execute(f'SELECT {expression} FROM "{name}"'))
        digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        tables[name] = {"rows": len(rows), "sha256": digest}
    return tables


def sqlite_snapshot(source: sqlite3.Connection) -> tuple[bytes, dict[str, dict[str, Any]]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "db.sqlite3"
        target = sqlite3.connect(path)
        try:
            source.backup(target)
            manifest = sqlite_manifest(target)
        finally:
            target.close()
        return path.read_bytes(), manifest


def sqlite_restore(data: bytes, target: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    if sqlite_tables(target):
        raise BackupError("The target database is not empty; restore only into an empty database.")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "db.sqlite3"
        path.write_bytes(data)
        source = sqlite3.connect(path)
        try:
            source.backup(target)
        finally:
            source.close()
    return sqlite_manifest(target)


# --- PostgreSQL -----------------------------------------------------------------------------

def pg_tool(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise BackupError(f"{name} was not found; install the PostgreSQL client tools.")
    return found


def pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"),
                     ("PGDATABASE", "NAME")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def pg_manifest(cursor: Any) -> dict[str, dict[str, Any]]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables: dict[str, dict[str, Any]] = {}
    for (name,) in cursor.fetchall():
        cursor.execute(
            f'SELECT count(*), md5(coalesce(string_agg(t::text, E\'\\n\' ORDER BY t::text), \'\')) FROM "{name}" t'
        )
        count, digest = cursor.fetchone()
        tables[name] = {"rows": count, "md5": digest}
    return tables


def pg_snapshot(db: dict[str, Any]) -> tuple[bytes, dict[str, dict[str, Any]]]:
    import psycopg

    env = pg_env(db)
    with psycopg.connect(dbname=env.get("PGDATABASE"), host=env.get("PGHOST"), port=env.get("PGPORT"),
                         user=env.get("PGUSER"), password=env.get("PGPASSWORD")) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]  # type: ignore[index]
            manifest = pg_manifest(cursor)
            dump = subprocess.run(
                [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"],
                env=env, capture_output=True, check=False,
            )
        conn.execute("COMMIT")
    if dump.returncode != 0:
        raise BackupError("pg_dump failed: " + dump.stderr.decode(errors="replace")[-500:])
    return dump.stdout, manifest


def pg_restore(data: bytes, db: dict[str, Any]) -> dict[str, dict[str, Any]]:
    import psycopg

    env = pg_env(db)
    params = {"dbname": env.get("PGDATABASE"), "host": env.get("PGHOST"), "port": env.get("PGPORT"),
              "user": env.get("PGUSER"), "password": env.get("PGPASSWORD")}
    with psycopg.connect(**params) as conn:  # type: ignore[arg-type]
        count = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
        if count and count[0]:
            raise BackupError("The target database is not empty; restore only into an empty database.")
    with tempfile.NamedTemporaryFile(suffix=".dump") as tmp:
        tmp.write(data)
        tmp.flush()
        result = subprocess.run(
            [pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
             f"--dbname={env.get('PGDATABASE')}", tmp.name],
            env=env, capture_output=True, check=False,
        )
    if result.returncode != 0:
        raise BackupError("pg_restore failed: " + result.stderr.decode(errors="replace")[-500:])
    with psycopg.connect(**params) as conn, conn.cursor() as cursor:  # type: ignore[arg-type]
        return pg_manifest(cursor)


# --- the file format ------------------------------------------------------------------------

def pack(vendor: str, data: bytes, tables: dict[str, dict[str, Any]], key: bytes) -> bytes:
    manifest = {"format": FORMAT, "vendor": vendor, "created_at": dt.datetime.now(dt.UTC).isoformat(),
                "data_sha256": hashlib.sha256(data).hexdigest(), "tables": tables}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=1, sort_keys=True))
        archive.writestr("data", data)
    return Fernet(key).encrypt(buffer.getvalue())


def unpack(token: bytes, key: bytes) -> tuple[dict[str, Any], bytes]:
    try:
        plain = Fernet(key).decrypt(token)
    except InvalidToken as exc:
        raise BackupError("Cannot decrypt the backup: wrong key, or the file was changed.") from exc
    with zipfile.ZipFile(io.BytesIO(plain)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        data = archive.read("data")
    if manifest.get("format") != FORMAT or hashlib.sha256(data).hexdigest() != manifest.get("data_sha256"):
        raise BackupError("The backup's content does not match its manifest.")
    return manifest, data


def verify(expected: dict[str, dict[str, Any]], found: dict[str, dict[str, Any]]) -> None:
    if expected != found:
        differing = sorted(n for n in set(expected) | set(found) if expected.get(n) != found.get(n))
        raise BackupError(f"Restored data does not match the backup's manifest in tables: {differing}")


def write_atomically(path: Path, content: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    os.chmod(path, 0o600)
