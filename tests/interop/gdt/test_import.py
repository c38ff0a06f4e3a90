"""Importing launch requests: the patient is opened or created, files move to done/ or error/."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from backactive.accounts.models import Practice
from backactive.interop.gdt.format import write_record
from backactive.interop.gdt.selectors import gdt_launch_for_practice
from backactive.interop.gdt.services import gdt_import_file, gdt_import_folder, gdt_launch_consume
from backactive.interop.models import GdtLaunch
from backactive.patients.models import Patient

pytestmark = pytest.mark.django_db


def test_6302_creates_the_patient_and_a_launch(practice: Practice, sample_in_inbox: Path) -> None:
    outcome = gdt_import_file(practice=practice, path=sample_in_inbox)
    assert outcome.ok
    assert outcome.moved_to == sample_in_inbox.parent / "done" / "BACKPRAX.GDT"
    assert outcome.moved_to.exists() and not sample_in_inbox.exists()
    patient = Patient.objects.get()
    assert (patient.practice, patient.pvs_number) == (practice, "0000002191")
    assert (patient.display_name, patient.year_of_birth, patient.sex) == ("Agnes Müller", 1922, "female")
    launch = gdt_launch_for_practice(practice)
    assert launch is not None
    assert (launch.patient, launch.record_type, launch.file_name) == (patient, "6302", "BACKPRAX.GDT")


def test_reimport_opens_the_same_patient_and_keeps_the_name_the_gp_chose(
    practice: Practice, sample_in_inbox: Path
) -> None:
    gdt_import_file(practice=practice, path=sample_in_inbox)
    Patient.objects.update(display_name="A. M.")
    again = sample_in_inbox.parent / "BACKPRAX.GDT"
    again.write_bytes((sample_in_inbox.parent / "done" / "BACKPRAX.GDT").read_bytes())
    outcome = gdt_import_file(practice=practice, path=again)
    assert outcome.ok and outcome.imported is not None
    assert not outcome.imported.patient_created
    assert outcome.moved_to.name == "BACKPRAX-1.GDT"  # the PVS reuses its file name
    assert Patient.objects.get().display_name == "A. M."
    assert GdtLaunch.objects.count() == 2


def test_same_number_in_another_practice_is_another_patient(
    practice: Practice, other_practice: Practice, inbox: Path
) -> None:
    for owner in (practice, other_practice):
        path = inbox / "x.gdt"
        path.write_bytes(write_record("6301", [("3000", "17"), ("3101", "Kraus")]))
        gdt_import_file(practice=owner, path=path)
    assert Patient.objects.filter(pvs_number="17").count() == 2
    assert gdt_launch_for_practice(other_practice).patient.practice == other_practice  # type: ignore[union-attr]


def test_unreadable_file_moves_to_error_with_a_report_and_nothing_is_imported(
    practice: Practice, sample_in_inbox: Path
) -> None:
    sample_in_inbox.write_bytes(sample_in_inbox.read_bytes().replace(b"0143102Agnes", b"Agnes"))
    outcome = gdt_import_file(practice=practice, path=sample_in_inbox)
    assert not outcome.ok
    assert outcome.moved_to == sample_in_inbox.parent / "error" / "BACKPRAX.GDT"
    report = (sample_in_inbox.parent / "error" / "BACKPRAX.GDT.report.txt").read_text(encoding="utf-8")
    assert "line 6" in report and "nicht übernommen" in report and "not imported" in report
    assert not Patient.objects.exists() and not GdtLaunch.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [[("3101", "Ohne Nummer")], [("3000", "9" * 41)]],
    ids=["no patient number", "number too long"],
)
def test_launch_without_usable_patient_number_is_refused(
    practice: Practice, inbox: Path, fields: list[tuple[str, str]]
) -> None:
    path = inbox / "a.gdt"
    path.write_bytes(write_record("6302", fields))
    outcome = gdt_import_file(practice=practice, path=path)
    assert not outcome.ok and "3000" in (outcome.error or "")
    assert not Patient.objects.exists()


def test_result_records_are_not_launches(practice: Practice, inbox: Path) -> None:
    path = inbox / "r.gdt"
    path.write_bytes(write_record("6310", [("3000", "5")]))
    outcome = gdt_import_file(practice=practice, path=path)
    assert not outcome.ok and "6310" in (outcome.error or "")
    assert (inbox / "error" / "r.gdt.report.txt").exists()


def test_odd_patient_data_still_opens_the_patient(practice: Practice, inbox: Path) -> None:
    path = inbox / "o.gdt"
    fields = [("3000", "8"), ("3103", "31021850"), ("3110", "W"), ("3101", "X" * 200)]
    path.write_bytes(write_record("6301", fields, version="3.0", charset="iso8859-15"))
    assert gdt_import_file(practice=practice, path=path).ok
    patient = Patient.objects.get()
    assert (patient.year_of_birth, patient.sex, len(patient.display_name)) == (None, "female", 120)


def test_folder_pass_waits_for_files_that_are_still_changing(practice: Practice, sample_in_inbox: Path) -> None:
    outcomes, state = gdt_import_folder(practice=practice, directory=sample_in_inbox.parent, previous={})
    assert outcomes == [] and sample_in_inbox in state  # first sight: not yet
    outcomes, _ = gdt_import_folder(practice=practice, directory=sample_in_inbox.parent, previous=state)
    assert [o.ok for o in outcomes] == [True]


def test_folder_pass_skips_hidden_and_temporary_files(practice: Practice, inbox: Path) -> None:
    (inbox / ".PRAXBACK.GDT.tmp").write_bytes(b"half")
    (inbox / "writing.tmp").write_bytes(b"half")
    outcomes, _ = gdt_import_folder(practice=practice, directory=inbox)
    assert outcomes == []


def test_consumed_launch_is_no_longer_offered(practice: Practice, sample_in_inbox: Path) -> None:
    gdt_import_file(practice=practice, path=sample_in_inbox)
    launch = gdt_launch_for_practice(practice)
    assert launch is not None
    gdt_launch_consume(launch=launch)
    assert gdt_launch_for_practice(practice) is None


def test_old_launches_are_not_offered(practice: Practice, sample_in_inbox: Path) -> None:
    gdt_import_file(practice=practice, path=sample_in_inbox)
    GdtLaunch.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert gdt_launch_for_practice(practice) is None
    assert gdt_launch_for_practice(practice, max_age=None) is not None
