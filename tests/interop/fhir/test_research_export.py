"""Research export: NDJSON per resource type, only patients whose research consent is in force,
pseudonymised with a keyed hash (stable per key), no names; a bad practice id exits with 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.goal import Goal
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient as FhirPatient
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhir.resources.R4B.servicerequest import ServiceRequest

from backactive.interop.fhir.research import RESOURCE_TYPES
from backactive.privacy.services import consent_give, consent_withdraw

from .factories import fill_record

MODELS: dict[str, Any] = {"Patient": FhirPatient, "Observation": Observation, "Goal": Goal, "CarePlan": CarePlan,
          "ServiceRequest": ServiceRequest, "Questionnaire": Questionnaire,
          "QuestionnaireResponse": QuestionnaireResponse}  # fmt: skip


def read(out: Path) -> dict[str, list[dict[str, Any]]]:
    found = {}
    for resource_type in RESOURCE_TYPES:
        lines = (out / f"{resource_type}.ndjson").read_text(encoding="utf-8").splitlines()
        found[resource_type] = [json.loads(line) for line in lines]
        for data in found[resource_type]:
            MODELS[resource_type].model_validate(data)
    return found


def export(world: Any, out: Path, capsys: Any) -> str:
    call_command("fhir", "export", "--practice", str(world.practice_x.pk), "--out", str(out),
                 "--base-url", "https://praxis.example/fhir")  # fmt: skip
    return str(capsys.readouterr().out)


@pytest.fixture
def consenting(world: Any) -> Any:
    made = fill_record(world)
    consent_give(patient=made["patient"], purpose="research", version="2026-1")
    consent_give(patient=world.patient_b, purpose="research", version="2026-1")
    consent_withdraw(patient=world.patient_b, purpose="research")
    consent_give(patient=world.patient_y, purpose="research", version="2026-1")  # another practice
    return made


def test_only_consenting_patients_pseudonymised(
    consenting: Any, world: Any, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKACTIVE_PSEUDONYM_KEY", "study-key-1")
    out = export(world, tmp_path / "a", capsys)
    found = read(tmp_path / "a")
    assert out.splitlines() == [f"{t}: {len(found[t])}" for t in RESOURCE_TYPES]
    [patient] = found["Patient"]
    pid = patient["id"]
    assert len(pid) == 32 and pid != str(consenting["patient"].pk) and "name" not in patient
    assert patient["meta"]["security"][0]["code"] == "PSEUDED"
    assert len(found["Observation"]) == 4 + 3 + 2 + 8
    assert len(found["CarePlan"]) == 2 and len(found["Goal"]) == 1 and len(found["ServiceRequest"]) == 1
    for resource_type in set(RESOURCE_TYPES) - {"Patient", "Questionnaire"}:
        assert all(r["subject"]["reference"] == f"Patient/{pid}" for r in found[resource_type])
    text = "".join((tmp_path / "a" / f"{t}.ndjson").read_text(encoding="utf-8") for t in RESOURCE_TYPES)
    for name in ("Clara", "Anna", "Bernd", "Yvonne"):
        assert name not in text
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    assert {o["type"]: o["count"] for o in manifest["output"]} == {t: len(found[t]) for t in RESOURCE_TYPES}
    # Before: "request" was a shell command and the URLs were relative.
    assert manifest["request"] == f"https://praxis.example/fhir/Group/{world.practice_x.pk}/$export"
    assert all(o["url"] == (tmp_path / "a" / f"{o['type']}.ndjson").resolve().as_uri() for o in manifest["output"])
    # A Questionnaire is a definition, the same for every patient: no per-patient version.
    versioned = set(RESOURCE_TYPES) - {"Questionnaire"}
    assert all(r["meta"]["versionId"] and r["meta"]["lastUpdated"] for t in versioned for r in found[t])


def test_pseudonyms_are_stable_per_key(
    consenting: Any, world: Any, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKACTIVE_PSEUDONYM_KEY", "study-key-1")
    export(world, tmp_path / "a", capsys)
    export(world, tmp_path / "b", capsys)
    monkeypatch.setenv("BACKACTIVE_PSEUDONYM_KEY", "study-key-2")
    export(world, tmp_path / "c", capsys)
    monkeypatch.delenv("BACKACTIVE_PSEUDONYM_KEY")
    export(world, tmp_path / "d", capsys)  # falls back to SECRET_KEY
    ids = [read(tmp_path / d)["Patient"][0]["id"] for d in "abcd"]
    assert ids[0] == ids[1] and len(set(ids[1:])) == 3


def test_withdrawn_consent_leaves_the_next_export(consenting: Any, world: Any, tmp_path: Path, capsys: Any) -> None:
    consent_withdraw(patient=consenting["patient"], purpose="research")
    assert "Patient: 0" in export(world, tmp_path, capsys)
    assert all(read(tmp_path)[t] == [] for t in RESOURCE_TYPES)


def test_export_without_a_base_url_exits_2(consenting: Any, world: Any, tmp_path: Path, settings: Any) -> None:
    settings.BACKACTIVE_BASE_URL = ""
    with pytest.raises(CommandError) as err:
        call_command("fhir", "export", "--practice", str(world.practice_x.pk), "--out", str(tmp_path))
    assert err.value.returncode == 2 and not any(tmp_path.iterdir())


def test_bad_practice_exits_2(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError) as err:
        call_command("fhir", "export", "--practice", "999999", "--out", str(tmp_path), "--base-url", "http://x/fhir")
    assert err.value.returncode == 2
    assert not any(tmp_path.iterdir())


def test_bundle_command_prints_a_patients_bundle(consenting: Any, capsys: Any) -> None:
    call_command("fhir", "bundle", "--patient", str(consenting["patient"].pk), "--base-url", "http://x/fhir")
    bundle = json.loads(capsys.readouterr().out)
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"


def test_a_record_fhir_cannot_hold_is_left_out_whole(
    consenting: Any, world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backactive.interop.fhir import research
    from backactive.interop.fhir.r4b import entries

    consent_give(patient=world.patient_a, purpose="research", version="2026-1")
    real = entries.goal_resource

    def failing_goal(goal: Any, *, patient_id: str) -> Any:
        raise ValueError("out of range")

    monkeypatch.setattr(entries, "goal_resource", failing_goal)  # only the filled record has a goal
    counts = research.research_export(practice=world.practice_x, out_dir=tmp_path, key=b"k", request_url="http://x")
    monkeypatch.setattr(entries, "goal_resource", real)
    found = read(tmp_path)
    assert counts["Patient"] == 1 and counts["left_out_patients"] == 1
    kept = f"Patient/{found['Patient'][0]['id']}"
    assert found["Goal"] == []
    assert all(r["subject"]["reference"] == kept for t in RESOURCE_TYPES[1:] for r in found[t])
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    [error_file] = manifest["error"]
    assert error_file["type"] == "OperationOutcome" and error_file["count"] == 1
    [outcome] = [json.loads(line) for line in (tmp_path / "errors.ndjson").read_text().splitlines()]
    assert outcome["resourceType"] == "OperationOutcome" and found["Patient"][0]["id"] not in json.dumps(outcome)


def test_bundle_command_gives_every_entry_a_full_url(consenting: Any, capsys: Any) -> None:
    call_command("fhir", "bundle", "--patient", str(consenting["patient"].pk), "--base-url", "https://praxis.example/fhir")
    bundle = json.loads(capsys.readouterr().out)
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert urls and all(u.startswith("https://praxis.example/fhir/") for u in urls)
    patient = bundle["entry"][0]
    assert patient["fullUrl"] == f"https://praxis.example/fhir/Patient/{consenting['patient'].pk}"


def test_bundle_command_takes_the_base_url_from_the_environment(
    consenting: Any, capsys: Any, settings: Any
) -> None:
    settings.BACKACTIVE_BASE_URL = "https://praxis.example/"
    call_command("fhir", "bundle", "--patient", str(consenting["patient"].pk))
    bundle = json.loads(capsys.readouterr().out)
    assert all(e["fullUrl"].startswith("https://praxis.example/fhir/") for e in bundle["entry"])


def test_bundle_command_without_a_base_url_exits_2(consenting: Any, settings: Any) -> None:
    # A fullUrl is the resource's address on the server; without one the file cannot say it.
    settings.BACKACTIVE_BASE_URL = ""
    with pytest.raises(CommandError) as err:
        call_command("fhir", "bundle", "--patient", str(consenting["patient"].pk))
    assert err.value.returncode == 2 and "--base-url" in str(err.value)


def test_questionnaires_go_with_the_record(consenting: Any, world: Any, tmp_path: Path, capsys: Any) -> None:
    """Each instrument once as a Questionnaire, each completed response as a QuestionnaireResponse."""
    import datetime as dt

    from backactive.questionnaires.services import response_enter

    patient = consenting["patient"]
    for day in (10, 3):
        response_enter(patient=patient, instrument_code="phq4", answers={"nervous": 1, "worry": 0, "interest": 2,
                       "down": 1}, user=world.clinician_x, source="paper",
                       answered_on=dt.date.today() - dt.timedelta(days=day))  # fmt: skip
    export(world, tmp_path, capsys)
    found = read(tmp_path)
    [questionnaire] = found["Questionnaire"]
    assert questionnaire["url"] == "urn:backactive:questionnaire:phq4" and len(questionnaire["item"]) == 4
    assert len(found["QuestionnaireResponse"]) == 2
    answers = {i["linkId"]: i["answer"][0]["valueCoding"]["code"] for i in found["QuestionnaireResponse"][0]["item"]}
    assert answers == {"nervous": "1", "worry": "0", "interest": "2", "down": "1"}
    pid = found["Patient"][0]["id"]
    assert all(r["subject"]["reference"] == f"Patient/{pid}" and r["meta"]["versionId"] == "1"
               for r in found["QuestionnaireResponse"])  # fmt: skip
    assert all(r["questionnaire"] == questionnaire["url"] for r in found["QuestionnaireResponse"])
