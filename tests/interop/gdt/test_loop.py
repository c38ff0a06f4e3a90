"""The practice system launches a patient via GDT, the GP lands on the consultation page, and a
6310 with pain, minutes per week and the plan goes back when the consultation and plan are saved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.urls import reverse

from backactive.interop.gdt.format import parse_bytes
from backactive.interop.gdt.services import gdt_import_file
from backactive.interop.models import GdtSettings
from backactive.patients.models import Patient

SAMPLE = Path(__file__).parent / "data" / "termpain-6302-gdt2.gdt"


def test_launch_opens_the_consultation_and_results_go_back(
    world: Any, login: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.GDT_ROOT = tmp_path
    inbox, outbox = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    GdtSettings.objects.create(practice=world.practice_x, inbox_dir="in", outbox_dir="out")
    (inbox / "BACK.GDT").write_bytes(SAMPLE.read_bytes())
    outcome = gdt_import_file(practice=world.practice_x, path=inbox / "BACK.GDT")
    assert outcome.ok
    patient = Patient.objects.get(practice=world.practice_x, pvs_number=outcome.imported.record.patient["number"])  # type: ignore[union-attr]

    client = login(world.clinician_x)
    # The htmx poll of the patient list sends the screen to the launched patient's consultation page.
    poll = client.get(reverse("interop:gdt_launch"), HTTP_HX_REQUEST="true")
    assert poll.status_code == 200
    assert poll["HX-Redirect"] == reverse("consultations:create", args=[patient.pk])
    assert client.get(reverse("interop:gdt_launch")).status_code == 204  # one launch opens one screen

    form = {"date": dt.date.today().isoformat(), "clinician": world.clinician_x.pk, "pain_now": "6",
            "pain_average": "5", "days_per_week": "3", "minutes_per_day": "20", "max_minutes_per_session": "30",
            "social": "either", "barriers": ["time"]}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("consultations:create", args=[patient.pk]), form)
    assert response.status_code == 302
    record = parse_bytes((outbox / "PRAXBACK.001").read_bytes())
    assert record.record_type == "6310"
    assert record.get("3000") == patient.pvs_number
    values = dict(zip(record.get_all("8410"), record.get_all("8420"), strict=False))
    assert any(v == "6" for v in values.values()) and any(v == "60" for v in values.values())

    consultation = patient.consultations.first()
    page = client.get(reverse("consultations:suggestions", args=[consultation.pk]))  # type: ignore[union-attr]
    code = next(i["code"] for i in page.context["plan"]["items"] if i["kind"] == "exercise")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("consultations:plan_create", args=[consultation.pk]), {"chosen": [code]})  # type: ignore[union-attr]
    record = parse_bytes((outbox / "PRAXBACK.002").read_bytes())  # the first one is kept for the practice
    plan_title = patient.plans.get().items.get().title
    assert any(plan_title in line for line in record.get_all("6228"))


def test_patient_list_follows_a_pending_launch(world: Any, login: Any, tmp_path: Path) -> None:
    GdtSettings.objects.create(practice=world.practice_x)
    gdt_import_file(practice=world.practice_x, path=_copy(tmp_path))
    client = login(world.assistant_x)
    response = client.get(reverse("patients:list"))
    assert response.status_code == 302 and "/consultations/new/" in response["Location"]
    # the launch belongs to practice X: practice Y's list is not redirected
    assert login(world.clinician_y).get(reverse("patients:list")).status_code == 200


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "BACK.GDT"
    target.write_bytes(SAMPLE.read_bytes())
    return target
