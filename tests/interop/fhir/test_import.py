"""Observation bundles into the diary: through the diary services, duplicates ignored on
re-import, a report of what was taken and why the rest was not (service, command, staff page)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from backactive.diary.models import ActivityEntry, PainEntry
from backactive.interop.fhir.r4b import FhirImportError
from backactive.interop.fhir.services import fhir_import_observations

DAY = dt.date.today() - dt.timedelta(days=2)


@pytest.fixture(autouse=True)
def _english() -> Any:
    # the reasons are checked in English, whatever translations exist
    with translation.override("en"):
        yield


def obs(code: str, value: float, unit: str, *, ident: str | None = None, day: dt.date = DAY) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
        "effectiveDateTime": day.isoformat(),
        "valueQuantity": {"value": value, "system": "http://unitsofmeasure.org", "code": unit},
    }
    if ident:
        resource["identifier"] = [{"system": "https://steps.example/ids", "value": ident}]
    return resource


def bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]}


STEPS_APP = bundle(
    obs("41950-7", 8000, "/d", ident="s1"),
    obs("41950-7", 6500, "/d", ident="s2", day=DAY - dt.timedelta(days=1)),
    obs("68516-4", 35, "min/d", ident="m2", day=DAY - dt.timedelta(days=1)),
    obs("72514-3", 4, "{score}", ident="p1"),
    obs("82290-8", 150, "min/wk", ident="w1"),
    obs("41950-7", 900, "kg", ident="bad"),
)


def test_steps_minutes_and_pain_become_diary_entries(world: Any) -> None:
    patient = world.patient_b
    outcome = fhir_import_observations(patient=patient, data=STEPS_APP, entered_by=world.clinician_x)
    assert sorted((s.entry, s.kind) for s in outcome.stored) == [
        (1, "steps"), (2, "steps"), (3, "minutes_per_day"), (4, "pain")]  # fmt: skip
    assert [r.entry for r in outcome.rejected] == [5, 6]
    assert "weekly" in outcome.rejected[0].reason and "unit" in outcome.rejected[1].reason
    entries = {(e.date, e.activity): e for e in ActivityEntry.objects.filter(patient=patient)}
    walked = entries[(DAY, "walking")]
    assert (walked.steps, walked.minutes, walked.intensity, walked.source) == (8000, 80, "light", "import")
    assert "estimated" in next(s.note for s in outcome.stored if s.entry == 1)
    # the day with steps and active minutes is one entry with both
    both = entries[(DAY - dt.timedelta(days=1), "other")]
    assert (both.steps, both.minutes, both.intensity) == (6500, 35, "moderate")
    assert len(entries) == 2
    [pain] = PainEntry.objects.filter(patient=patient)
    assert (pain.pain, pain.source, pain.entered_by) == (4, "import", world.clinician_x)


def test_reimport_stores_nothing_twice(world: Any) -> None:
    fhir_import_observations(patient=world.patient_b, data=STEPS_APP)
    again = fhir_import_observations(patient=world.patient_b, data=json.dumps(STEPS_APP))
    assert again.stored == [] and again.duplicates == [1, 2, 3, 4]
    assert ActivityEntry.objects.filter(patient=world.patient_b).count() == 2
    # the same file for another patient is that patient's data, not a duplicate
    other = fhir_import_observations(patient=world.patient_a, data=STEPS_APP)
    assert len(other.stored) == 4


def test_diary_rules_still_apply(world: Any) -> None:
    data = bundle(
        obs("68516-4", 1000, "min/d", ident="a"),
        obs("68516-4", 600, "min/d", ident="b"),  # with the first, more than 24 hours on one day
        obs("72514-3", 3.5, "{score}", ident="c"),
        obs("68516-4", 0, "min/d", ident="d", day=DAY - dt.timedelta(days=3)),
    )
    outcome = fhir_import_observations(patient=world.patient_b, data=data)
    assert [s.entry for s in outcome.stored] == [1]
    reasons = {r.entry: r.reason for r in outcome.rejected}
    assert set(reasons) == {2, 3, 4}
    assert "1000" in reasons[2] and "whole number" in reasons[3] and "nothing" in reasons[4]


def test_not_a_bundle_imports_nothing(world: Any) -> None:
    with pytest.raises(FhirImportError):
        fhir_import_observations(patient=world.patient_b, data=b"{not json")
    with pytest.raises(FhirImportError):
        fhir_import_observations(patient=world.patient_b, data={"resourceType": "Observation"})
    assert not ActivityEntry.objects.filter(patient=world.patient_b).exists()


def test_command_imports_and_reports(world: Any, tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "steps.json"
    path.write_text(json.dumps(STEPS_APP))
    call_command("fhir", "import", str(path), "--patient", str(world.patient_b.pk))
    out = capsys.readouterr().out
    assert out.startswith("stored 4, already there 0, rejected 2")
    assert "entry 5 not taken" in out
    call_command("fhir", "import", str(path), "--patient", str(world.patient_b.pk), "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["stored"] == [] and report["duplicates"] == [1, 2, 3, 4]


def test_command_refuses_bad_input_with_status_2(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("[]")
    with pytest.raises(CommandError) as err:
        call_command("fhir", "import", str(path), "--patient", str(world.patient_b.pk))
    assert err.value.returncode == 2
    with pytest.raises(CommandError) as err:
        call_command("fhir", "import", str(path), "--patient", "999999")
    assert err.value.returncode == 2


def test_staff_page_imports_a_file(world: Any, login: Any) -> None:
    client = login(world.assistant_x)
    url = reverse("interop:fhir_import", kwargs={"patient_id": world.patient_b.pk})
    upload = SimpleUploadedFile("steps.json", json.dumps(STEPS_APP).encode(), content_type="application/json")
    response = client.post(url, {"file": upload}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["result"].stored and len(response.context["result"].rejected) == 2
    assert ActivityEntry.objects.filter(patient=world.patient_b).count() == 2
    page = response.content.decode()
    assert "active minutes" in page and "minutes_per_day" not in page
    bad = SimpleUploadedFile("x.json", b"hello", content_type="application/json")
    response = client.post(url, {"file": bad})
    assert response.context["error"] and response.context["result"] is None


def test_staff_of_another_practice_cannot_import(world: Any, login: Any) -> None:
    client = login(world.clinician_y)
    url = reverse("interop:fhir_import", kwargs={"patient_id": world.patient_b.pk})
    upload = SimpleUploadedFile("steps.json", json.dumps(STEPS_APP).encode())
    assert client.post(url, {"file": upload}).status_code == 404
    assert not ActivityEntry.objects.filter(patient=world.patient_b).exists()


def test_a_moment_late_in_the_evening_utc_is_the_next_day_in_berlin(world: Any, settings: Any) -> None:
    settings.TIME_ZONE = "Europe/Berlin"
    day = dt.date.today() - dt.timedelta(days=3)
    moment = f"{day.isoformat()}T23:30:00Z"
    data = bundle({**obs("55423-8", 7000, "{steps}", ident="late"), "effectiveDateTime": moment},
                  obs("72514-3", 3, "{score}", day=day))  # fmt: skip
    outcome = fhir_import_observations(patient=world.patient_b, data=data)
    assert len(outcome.stored) == 2
    [walked] = ActivityEntry.objects.filter(patient=world.patient_b)
    assert (walked.date, walked.steps) == (day + dt.timedelta(days=1), 7000)
    again = fhir_import_observations(patient=world.patient_b, data=data)
    assert again.stored == [] and again.duplicates == [1, 2]
    assert ActivityEntry.objects.filter(patient=world.patient_b).count() == 1
    assert PainEntry.objects.filter(patient=world.patient_b).count() == 1
