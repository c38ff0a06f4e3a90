"""Sending a consultation's results back: a 6310 queued, then written by the outbox job into a
subfolder of the GDT root, in the practice's charset, never over a file not yet read.

Before: every result went to the fixed PRAXBACK.GDT (two consultations saved back to back left
only the second); an admin could point the outbox at any folder and name (the next save replaced
the SQLite database with a 403-byte record); folders were created anywhere; the inbox watcher
moved any file it found."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from backactive.accounts.models import Practice
from backactive.interop.gdt import outbox
from backactive.interop.gdt.format import parse_bytes
from backactive.interop.gdt.services import gdt_import_folder, gdt_send_result
from backactive.interop.models import GdtResult, GdtSettings
from backactive.jobs.models import Job
from backactive.jobs.services import job_run
from backactive.patients.models import Patient

pytestmark = pytest.mark.django_db

WHEN = datetime.datetime(2026, 11, 26, 10, 15, tzinfo=datetime.UTC)
SAMPLE = Path(__file__).parent / "data" / "termpain-6302-gdt2.gdt"


@pytest.fixture
def root(settings: Any, tmp_path: Path) -> Path:
    settings.GDT_ROOT = tmp_path / "gdt"
    return tmp_path / "gdt"


def send(capture: Any, patient: Patient, **kwargs: object) -> GdtResult | None:
    args: dict[str, object] = {
        "patient": patient, "pain": 5, "minutes_per_week": 75, "plan_lines": ["Spazieren gehen: täglich 15 Minuten"],
        "handout_path": "/srv/backactive/handouts/17.pdf", "when": WHEN,
    }  # fmt: skip
    args.update(kwargs)
    with capture(execute=True):  # the outbox job starts after the commit (at once in tests)
        result = gdt_send_result(**args)  # type: ignore[arg-type]
    if result is not None:
        result.refresh_from_db()
    return result


@pytest.fixture
def patient(practice: Practice) -> Patient:
    return Patient.objects.create(practice=practice, display_name="Jörg Bäumer", pvs_number="17")


def test_6310_goes_to_the_outbox_with_the_practice_ids_and_charset(
    practice: Practice, patient: Patient, root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    GdtSettings.objects.create(practice=practice, outbox_dir="praxis/out", receiver_id="MEDOFF", sender_id="BACKACT",
                               export_filename="MEDOBACK.GDT", outbox_mode="wait", charset="din66003")  # fmt: skip
    result = send(django_capture_on_commit_callbacks, patient)
    assert result is not None and (result.status, result.file_name) == ("written", "MEDOBACK.GDT")
    assert bytes(result.data) == b""  # the bytes are dropped once written
    path = root / "praxis" / "out" / "MEDOBACK.GDT"
    record = parse_bytes(path.read_bytes())
    assert (record.record_type, record.charset, record.warnings) == ("6310", "din66003", [])
    assert (record.get("8315"), record.get("8316"), record.get("3000")) == ("MEDOFF", "BACKACT", "17")
    assert record.get_all("8420") == ["5", "75"]
    assert record.get("6228") == "Spazieren gehen: täglich 15 Minuten"
    assert record.get("6305") == "/srv/backactive/handouts/17.pdf"
    assert record.get("6200") == "26112026"
    assert [p.name for p in path.parent.iterdir()] == ["MEDOBACK.GDT"]  # no temporary left


def test_two_results_back_to_back_are_both_kept(
    practice: Practice, patient: Patient, root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    GdtSettings.objects.create(practice=practice, outbox_dir="out")  # numbered, the default
    send(django_capture_on_commit_callbacks, patient, pain=3)
    send(django_capture_on_commit_callbacks, patient, pain=2)
    files = sorted((root / "out").iterdir())
    assert [f.name for f in files] == ["PRAXBACK.001", "PRAXBACK.002"]
    assert [parse_bytes(f.read_bytes()).get_all("8420")[0] for f in files] == ["3", "2"]


def test_waiting_mode_writes_the_next_result_once_the_previous_was_taken(
    world: Any, root: Path, django_capture_on_commit_callbacks: Any, client: Any
) -> None:
    GdtSettings.objects.create(practice=world.practice_x, outbox_dir="out", outbox_mode="wait")
    patient = world.patient_a  # pvs_number 100
    send(django_capture_on_commit_callbacks, patient, pain=3)
    second = send(django_capture_on_commit_callbacks, patient, pain=2)
    assert second is not None and second.status == "pending"
    target = root / "out" / "PRAXBACK.GDT"
    assert parse_bytes(target.read_bytes()).get_all("8420")[0] == "3"  # the unread file is untouched
    job = Job.objects.get(kind=outbox.JOB_KIND, practice=world.practice_x, status="queued")  # runs again later
    client.force_login(world.admin_x)
    page = client.get(reverse("interop:gdt_settings"))
    assert list(page.context["results"]) == [second] and "Anna A" in page.content.decode()
    target.unlink()  # the practice system read it
    job_run(job_id=job.pk)
    second.refresh_from_db()
    assert second.status == "written"
    assert parse_bytes(target.read_bytes()).get_all("8420")[0] == "2"


def test_an_unwritable_outbox_is_retried_then_marked_failed(
    practice: Practice, patient: Patient, root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    GdtSettings.objects.create(practice=practice, outbox_dir="out")
    root.mkdir(parents=True)
    (root / "out").write_text("a file where the folder should be")
    result = send(django_capture_on_commit_callbacks, patient)
    assert result is not None and (result.status, result.attempts) == ("pending", 1) and result.last_error
    GdtResult.objects.filter(pk=result.pk).update(attempts=outbox.MAX_ATTEMPTS - 1)
    job = Job.objects.get(kind=outbox.JOB_KIND, status="queued")
    job_run(job_id=job.pk)
    result.refresh_from_db()
    assert result.status == "failed"


def test_nothing_is_sent_without_outbox_or_patient_number(
    practice: Practice, patient: Patient, root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    assert send(django_capture_on_commit_callbacks, patient) is None  # no settings yet
    GdtSettings.objects.create(practice=practice, outbox_dir="out")
    local = Patient.objects.create(practice=practice, display_name="Ohne PVS")
    assert send(django_capture_on_commit_callbacks, local) is None
    assert not root.exists()


def test_settings_refuse_a_charset_the_version_cannot_declare(practice: Practice) -> None:
    with pytest.raises(IntegrityError):
        GdtSettings.objects.create(practice=practice, version="2.1", charset="iso8859-15")


@pytest.mark.parametrize("folder", ["/etc", "../x", "a/../../b", "C:\\\\Windows", "..", "out/\x00", "/"])
def test_folders_stay_inside_the_gdt_root(practice: Practice, root: Path, folder: str) -> None:
    with pytest.raises(ValidationError):
        GdtSettings(practice=practice, outbox_dir=folder).full_clean()
    with pytest.raises(ValidationError):
        GdtSettings(practice=practice, inbox_dir=folder).full_clean()


def test_a_link_out_of_the_root_is_refused(practice: Practice, root: Path, tmp_path: Path) -> None:
    root.mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", root / "link")
    with pytest.raises(ValidationError):
        GdtSettings(practice=practice, outbox_dir="link").full_clean()
    GdtSettings(practice=practice, outbox_dir="praxis/out", inbox_dir="praxis/in").full_clean()


@pytest.mark.parametrize("name", ["backactive.sqlite3", "../x.gdt", "LONGERTHAN8.GDT", "a/b.GDT", "PRAX.TXT"])
def test_result_file_names_follow_the_gdt_convention(practice: Practice, root: Path, name: str) -> None:
    with pytest.raises(ValidationError):
        GdtSettings(practice=practice, export_filename=name).full_clean()


def test_the_database_is_never_written_over(
    world: Any, root: Path, tmp_path: Path, django_capture_on_commit_callbacks: Any, client: Any
) -> None:
    database = tmp_path / "data" / "backactive.sqlite3"
    database.parent.mkdir()
    database.write_bytes(b"SQLite format 3\x00 the practice's records")
    client.force_login(world.admin_x)
    form = {"receiver_id": "PRAX_EDV", "sender_id": "BACKACTV", "inbox_dir": str(database.parent),
            "outbox_dir": str(database.parent), "export_filename": database.name, "outbox_mode": "wait",
            "charset": "cp437", "version": "2.1"}  # fmt: skip
    response = client.post(reverse("interop:gdt_settings"), form)
    assert response.status_code == 200 and set(response.context["form"].errors) >= {"outbox_dir", "export_filename"}
    # A value stored before this check (or by hand) is refused when the result is written.
    GdtSettings.objects.create(practice=world.practice_x, outbox_dir=str(database.parent))
    result = send(django_capture_on_commit_callbacks, world.patient_a)
    assert database.read_bytes() == b"SQLite format 3\x00 the practice's records"
    assert result is not None and result.status == "pending" and "UnsafePath" in result.last_error
    assert sorted(p.name for p in database.parent.iterdir()) == ["backactive.sqlite3"]


def test_the_inbox_watcher_touches_only_gdt_files(practice: Practice, root: Path, tmp_path: Path) -> None:
    inbox = root / "in"
    inbox.mkdir(parents=True)
    (inbox / "backactive.sqlite3").write_bytes(b"SQLite format 3\x00")
    (inbox / "notes.txt").write_text("not ours")
    outside = tmp_path / "outside.GDT"
    outside.write_bytes(SAMPLE.read_bytes())
    os.symlink(outside, inbox / "LINK.GDT")
    (inbox / "BACK0001.GDT").write_bytes(SAMPLE.read_bytes())
    outcomes, _ = gdt_import_folder(practice=practice, directory=inbox)
    assert [o.source.name for o in outcomes] == ["BACK0001.GDT"] and outcomes[0].ok
    assert sorted(p.name for p in inbox.iterdir() if p.is_file() or p.is_symlink()) == [
        "LINK.GDT", "backactive.sqlite3", "notes.txt"]  # fmt: skip
    assert outside.exists()
