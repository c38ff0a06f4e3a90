"""Project-level guarantees: migrations complete, database settings, password hashing,
translations, the demo."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from config.settings.base import database_config

LOCALE = Path(__file__).resolve().parents[2] / "backactive" / "locale"


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration() -> None:
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_sqlite_is_the_default_with_wal_and_full_sync(tmp_path: Path) -> None:
    config = database_config(None)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert str(config["NAME"]).endswith("backactive.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert "synchronous=FULL" in config["OPTIONS"]["init_command"]
    named = database_config(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    assert named["NAME"] == str(tmp_path / "other.sqlite3")
    pg = database_config("postgres://u:p@db.example:5433/ba")
    assert pg["ENGINE"] == "django.db.backends.postgresql" and pg["NAME"] == "ba" and pg["PORT"] == 5433


@pytest.mark.django_db
def test_the_running_database_is_configured_as_promised() -> None:
    import os

    url = os.environ.get("DATABASE_URL", "")
    assert connection.vendor == ("postgresql" if url.startswith("postgres") else "sqlite")
    if connection.vendor == "sqlite" and not connection.settings_dict["NAME"].startswith("file:memorydb"):
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 2  # FULL


def test_passwords_are_hashed_with_argon2() -> None:
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "Argon2" in settings.PASSWORD_HASHERS[0]


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_message_is_translated_and_the_compiled_catalogue_matches(language: str) -> None:
    """Parallel branches merge the catalogues line by line (`.gitattributes`): a duplicate entry,
    an untranslated or fuzzy one, or a `.mo` older than its `.po` (run `make messages`) fails here."""
    import gettext

    import polib

    folder = LOCALE / language / "LC_MESSAGES"
    po = polib.pofile(str(folder / "django.po"), check_for_duplicates=True)
    entries = [e for e in po if not e.obsolete]
    if language == "de":
        assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()][:3]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()][:3]
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in entries:
        if entry.msgid_plural:
            continue  # plural forms are compiled alike; msgfmt checks them
        expected = entry.msgstr or entry.msgid
        got = compiled.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else compiled.gettext(entry.msgid)
        if got != expected:
            stale.append(entry.msgid)
    assert not stale, f"{language}: the .mo is stale, run `make messages`: {stale[:3]}"


@pytest.mark.django_db
def test_demo_creates_the_study_participants_with_charts(client: Any) -> None:
    from backactive.demo import demo
    from backactive.diary.models import PainEntry
    from backactive.patients.models import Patient

    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "demo-backactive" in out.getvalue() and "anke" in out.getvalue()
    patients = Patient.objects.filter(practice__name=demo.DEMO_PRACTICE)
    assert sorted(patients.values_list("display_name", flat=True)) == sorted(p.name for p in demo.PATIENTS)
    assert patients.get(display_name="Inge").age() == 65
    karsten = patients.get(display_name="Karsten")
    pains = list(PainEntry.objects.filter(patient=karsten).values_list("pain", flat=True))
    assert 1.0 <= sum(pains) / len(pains) <= 3.5  # Table 2: mean pain 2
    assert patients.get(display_name="Barbara").consultations.count() == 5  # more than 12 visits a year
    first = list(PainEntry.objects.filter(patient=karsten).values_list("date", "pain"))
    call_command("demo", "--reset", stdout=io.StringIO())
    karsten = Patient.objects.get(practice__name=demo.DEMO_PRACTICE, display_name="Karsten")
    assert list(PainEntry.objects.filter(patient=karsten).values_list("date", "pain")) == first  # seeded
    client.login(username="anke", password=demo.DEMO_PASSWORD)
    page = client.get(f"/patients/{patients.get(display_name='Inge').pk}/")
    assert page.status_code == 200 and "pa-chart" in page.content.decode()


def test_the_readme_shows_the_screenshots_the_script_makes() -> None:
    """Issue 14: the GP page, the follow-up panel and the phone diary, made by `make screenshots`."""
    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    script = (root / "docs" / "screenshots.py").read_text(encoding="utf-8")
    for name in ("screenshot.png", "screenshot-follow-up.png", "screenshot-phone-diary.png"):
        assert f"](docs/{name})" in readme and f'"{name}"' in script
        assert (root / "docs" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
