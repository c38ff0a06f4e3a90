"""Sending a consultation's results back: a 6310 in the practice's outbox, in its charset."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from backactive.accounts.models import Practice
from backactive.interop.gdt.format import parse_bytes
from backactive.interop.gdt.services import gdt_send_result
from backactive.interop.models import GdtSettings
from backactive.patients.models import Patient

pytestmark = pytest.mark.django_db

WHEN = datetime.datetime(2026, 11, 26, 10, 15, tzinfo=datetime.UTC)


def send(patient: Patient, **kwargs: object) -> Path | None:
    args: dict[str, object] = {
        "patient": patient,
        "pain": 5,
        "minutes_per_week": 75,
        "plan_lines": ["Spazieren gehen: täglich 15 Minuten"],
        "handout_path": "/srv/backactive/handouts/17.pdf",
        "when": WHEN,
    }
    args.update(kwargs)
    return gdt_send_result(**args)  # type: ignore[arg-type]


@pytest.fixture
def patient(practice: Practice) -> Patient:
    return Patient.objects.create(practice=practice, display_name="Jörg Bäumer", pvs_number="17")


def test_6310_goes_to_the_outbox_with_the_practice_ids_and_charset(
    practice: Practice, patient: Patient, tmp_path: Path
) -> None:
    GdtSettings.objects.create(
        practice=practice,
        outbox_dir=str(tmp_path / "out"),
        receiver_id="MEDOFF",
        sender_id="BACKACT",
        export_filename="MEDOBACK.GDT",
        charset="din66003",
    )
    path = send(patient)
    assert path == tmp_path / "out" / "MEDOBACK.GDT"
    record = parse_bytes(path.read_bytes())
    assert (record.record_type, record.charset, record.warnings) == ("6310", "din66003", [])
    assert (record.get("8315"), record.get("8316"), record.get("3000")) == ("MEDOFF", "BACKACT", "17")
    assert record.get_all("8420") == ["5", "75"]
    assert record.get("6228") == "Spazieren gehen: täglich 15 Minuten"
    assert record.get("6305") == "/srv/backactive/handouts/17.pdf"
    assert record.get("6200") == "26112026"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["MEDOBACK.GDT"]  # no temporary left


def test_second_result_replaces_the_first(practice: Practice, patient: Patient, tmp_path: Path) -> None:
    GdtSettings.objects.create(practice=practice, outbox_dir=str(tmp_path))
    send(patient, pain=3)
    path = send(patient, pain=2)
    assert path is not None
    assert parse_bytes(path.read_bytes()).get_all("8420")[0] == "2"


def test_nothing_is_sent_without_outbox_or_patient_number(practice: Practice, patient: Patient, tmp_path: Path) -> None:
    assert send(patient) is None  # no settings yet
    GdtSettings.objects.create(practice=practice, outbox_dir=str(tmp_path))
    local = Patient.objects.create(practice=practice, display_name="Ohne PVS")
    assert send(local) is None
    assert list(tmp_path.iterdir()) == []


def test_settings_refuse_a_charset_the_version_cannot_declare(practice: Practice) -> None:
    with pytest.raises(IntegrityError):
        GdtSettings.objects.create(practice=practice, version="2.1", charset="iso8859-15")


def test_export_file_name_has_no_folders(practice: Practice) -> None:
    with pytest.raises(ValidationError):
        GdtSettings(practice=practice, export_filename="../x.gdt").full_clean()
