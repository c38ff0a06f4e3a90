"""GDT completeness (issue 18): 6311 opens the patient's page with the latest results; a 6310
echoes 8402, 3101 and 3103 of the request; a Latin-1 file without 9206 is read right once the
practice names its charset; the settings form speaks in words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from backactive.accounts.models import Practice
from backactive.interop.gdt.format import ISO8859_1, parse_bytes, write_record
from backactive.interop.gdt.selectors import gdt_launch_for_practice
from backactive.interop.gdt.services import gdt_import_file, gdt_send_result
from backactive.interop.models import GdtLaunch, GdtSettings
from backactive.patients.models import Patient

from .conftest import SAMPLE


def _drop(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_6311_opens_the_patients_page_with_the_latest_results(world: Any, login: Any, tmp_path: Path) -> None:
    data = write_record("6311", [("8315", "BACKACTV"), ("8316", "PRAX_EDV"), ("3000", world.patient_a.pvs_number)])
    outcome = gdt_import_file(practice=world.practice_x, path=_drop(tmp_path / "SHOW.GDT", data))
    assert outcome.ok, outcome.error
    assert outcome.imported is not None and outcome.imported.patient == world.patient_a
    assert not outcome.imported.patient_created
    poll = login(world.clinician_x).get(reverse("interop:gdt_launch"), HTTP_HX_REQUEST="true")
    assert poll["HX-Redirect"] == reverse("consultations:overview", args=[world.patient_a.pk])


def test_6311_for_a_patient_we_do_not_know_is_refused_and_creates_nobody(practice: Practice, inbox: Path) -> None:
    outcome = gdt_import_file(practice=practice, path=_drop(inbox / "SHOW.GDT", write_record("6311", [("3000", "99")])))
    assert not outcome.ok and "99" not in (outcome.error or "") and "not known" in (outcome.error or "")
    assert not Patient.objects.exists() and not GdtLaunch.objects.exists()


@pytest.mark.parametrize("version", ["2.1", "3.0"])
def test_the_6310_echoes_8402_surname_and_birth_date_of_the_request(
    practice: Practice, sample_in_inbox: Path, version: str
) -> None:
    charset = "cp437" if version == "2.1" else "iso8859-15"
    GdtSettings.objects.create(practice=practice, outbox_dir="out", version=version, charset=charset)
    outcome = gdt_import_file(practice=practice, path=sample_in_inbox)  # 6302 with 8402 "BDT"
    assert outcome.imported is not None
    result = gdt_send_result(patient=outcome.imported.patient, pain=4, minutes_per_week=90, plan_lines=[],
                             handout_path=None)  # fmt: skip
    assert result is not None  # queued for the outbox job, which writes these bytes
    record = parse_bytes(bytes(result.data))
    assert (record.get("8402"), record.get("3101"), record.get("3103")) == ("BDT", "Müller", "30061922")
    assert record.get("3000") == "0000002191"


def test_a_patient_without_a_request_gets_a_6310_without_echo(world: Any) -> None:
    GdtSettings.objects.create(practice=world.practice_x, outbox_dir="out")
    result = gdt_send_result(patient=world.patient_a, pain=4, minutes_per_week=None, plan_lines=[], handout_path=None)
    assert result is not None
    record = parse_bytes(bytes(result.data))
    assert record.get("3000") == "100" and record.get("8402") is None and record.get("3101") is None


LATIN1_6302 = write_record("6302", [("3000", "17"), ("3101", "Müller"), ("3102", "Jörg")], charset=ISO8859_1).replace(
    b"01092063\r\n", b""
)


def test_a_latin1_file_without_9206_warns_until_the_practice_names_its_charset(
    practice: Practice, inbox: Path
) -> None:
    first = gdt_import_file(practice=practice, path=_drop(inbox / "A.GDT", LATIN1_6302))
    assert first.ok and any("ISO 8859-1" in w for w in first.warnings)
    assert Patient.objects.get().display_name == "Jörg Müller".translate(str.maketrans("öü", "÷ⁿ"))
    GdtSettings.objects.create(practice=practice, charset_without_9206=ISO8859_1)
    Patient.objects.all().delete()
    second = gdt_import_file(practice=practice, path=_drop(inbox / "B.GDT", LATIN1_6302))
    assert second.ok and not any("8859" in w for w in second.warnings)
    assert Patient.objects.get().display_name == "Jörg Müller"
    launch = gdt_launch_for_practice(practice)
    assert launch is not None and launch.surname == "Müller"


def test_the_settings_form_explains_a_charset_the_version_cannot_declare(world: Any, login: Any) -> None:
    client = login(world.admin_x)
    url = reverse("interop:gdt_settings")
    form = {"receiver_id": "PRAX_EDV", "sender_id": "BACKACTV", "inbox_dir": "", "outbox_dir": "",
            "export_filename": "PRAXBACK.GDT", "outbox_mode": "numbered", "charset": "iso8859-15", "version": "2.1",
            "charset_without_9206": ""}  # fmt: skip
    response = client.post(url, form, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Constraint" not in page and "gdtsettings_" not in page
    assert "GDT 2.1" in page and "ISO 8859-15" in page
    assert not GdtSettings.objects.filter(practice=world.practice_x).exists()
    form["charset_without_9206"] = "iso8859-1"
    form["charset"] = "cp437"
    assert client.post(url, form).status_code == 302
    assert GdtSettings.objects.get(practice=world.practice_x).charset_without_9206 == "iso8859-1"


def test_the_sample_still_reads_as_before(practice: Practice) -> None:
    assert parse_bytes(SAMPLE.read_bytes()).patient["surname"] == "Müller"
