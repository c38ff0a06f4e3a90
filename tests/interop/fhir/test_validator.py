"""Every kind of FHIR we send is valid R4 for an independent validator (issue 18, item 8): the npm
package ``fhir`` run by Node, not the Python library that builds the resources. API answers
(CapabilityStatement, search Bundles with includes and outcome entries, reads, OperationOutcomes
of errors), the staff download, the research export and the Bulk Data files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils import timezone

from backactive.interop.fhir.pseudonyms import pseudonym_key
from backactive.interop.fhir.research import RESOURCE_TYPES, research_export
from backactive.interop.fhir.tokens import token_issue
from backactive.privacy.services import consent_give
from backactive.questionnaires.services import response_enter

from .conftest import Validator
from .factories import fill_record


def _problems(validator: Validator, label: str, resource: dict[str, Any]) -> list[str]:
    return [f"{label}: {error}" for error in validator.errors(resource)]


def test_api_answers_are_valid_r4(fhir_validator: Validator, world: Any, client: Any) -> None:
    made = fill_record(world)
    _token, raw = token_issue(practice=world.practice_x, label="PVS", created_by=world.admin_x)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    pk = made["patient"].pk
    answers: dict[str, Any] = {"metadata": client.get("/fhir/metadata")}
    for resource_type in ("Observation", "Goal", "CarePlan", "ServiceRequest"):
        params = {"patient": pk, "_include": f"{resource_type}:subject"}
        answers[resource_type] = client.get(f"/fhir/{resource_type}", params, **auth)
    answers["paged"] = client.get("/fhir/Observation", {"patient": pk, "_count": 3, "_sort": "-date"}, **auth)
    answers["outcome entry"] = client.get("/fhir/Observation", {"patient": pk, "_elements": "id"}, **auth)
    answers["count"] = client.get("/fhir/Observation", {"patient": pk, "_summary": "count"}, **auth)
    answers["Patient search"] = client.get("/fhir/Patient", {"identifier": "100"}, **auth)
    answers["401"] = client.get(f"/fhir/Patient/{pk}")
    answers["404"] = client.get("/fhir/Encounter/1", **auth)
    answers["400"] = client.get("/fhir/Observation", **auth)
    answers["405"] = client.post("/fhir/Observation", {}, **auth)
    answers["406"] = client.get(f"/fhir/Patient/{pk}", {"_format": "xml"}, **auth)
    problems: list[str] = []
    reads = 0
    for label, response in answers.items():
        data = response.json()
        problems += _problems(fhir_validator, label, data)
        for entry in data.get("entry", []):
            if "fullUrl" in entry and entry["search"]["mode"] == "match":
                read = client.get(entry["fullUrl"].removeprefix("http://testserver"), **auth).json()
                problems += _problems(fhir_validator, entry["fullUrl"], read)
                reads += 1
    assert not problems, "\n".join(problems)
    assert reads > 20


def test_downloads_and_exports_are_valid_r4(fhir_validator: Validator, world: Any, login: Any, tmp_path: Path) -> None:
    made = fill_record(world)
    consent_give(patient=made["patient"], purpose="research", version="2026-1")
    consent_give(patient=world.patient_a, purpose="research", version="2026-1")
    # Questionnaires of every item kind: choices (PHQ-4), scales (PEG), numbers (IPAQ-SF).
    for code, answers in (("phq4", {"nervous": 1, "worry": 0, "interest": 2, "down": 1}),
                          ("peg", {"pain_average": 5, "interference_enjoyment": 4, "interference_activity": 6}),
                          ("ipaq_sf", {"vigorous_days": 1, "vigorous_minutes": 30, "moderate_days": 2,
                                       "moderate_minutes": 40, "walking_days": 5, "walking_minutes": 20,
                                       "sitting_minutes": 480})):  # fmt: skip
        response_enter(patient=made["patient"], instrument_code=code, answers=answers, user=world.clinician_x,
                       source="paper", answered_on=timezone.localdate())  # fmt: skip
    bundle = login(world.clinician_x).get(reverse("interop:fhir_bundle", kwargs={"patient_id": made["patient"].pk}))
    problems = _problems(fhir_validator, "bundle download", json.loads(bundle.content))
    research_export(practice=world.practice_x, out_dir=tmp_path, key=pseudonym_key(), request_url="https://x/fhir")
    lines = 0
    for resource_type in RESOURCE_TYPES:
        for line in (tmp_path / f"{resource_type}.ndjson").read_text(encoding="utf-8").splitlines():
            problems += _problems(fhir_validator, resource_type, json.loads(line))
            lines += 1
    assert not problems, "\n".join(problems)
    assert lines > 20
    in_bundle = [e["resource"]["resourceType"] for e in json.loads(bundle.content)["entry"]]
    assert in_bundle.count("Questionnaire") == 3 and in_bundle.count("QuestionnaireResponse") == 3
    for resource_type in ("Questionnaire", "QuestionnaireResponse"):
        assert len((tmp_path / f"{resource_type}.ndjson").read_text(encoding="utf-8").splitlines()) == 3


def test_the_validator_finds_errors(fhir_validator: Validator) -> None:
    # The check is real: a wrong code and an element R4 does not have are reported.
    errors = fhir_validator.errors({"resourceType": "Observation", "status": "done", "code": {"text": "x"},
                                    "valueWeight": 3})  # fmt: skip
    assert any("status" in e for e in errors) and any("valueWeight" in e for e in errors)
