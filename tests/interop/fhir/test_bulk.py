"""FHIR Bulk Data export for research platforms (issue 18): kick-off with Prefer: respond-async,
202 + Content-Location, status polling, cancellation, a manifest with absolute URLs, NDJSON files
behind the same access token; consenting patients only, pseudonymised per client; _type, _since."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient as FhirPatient

from backactive.diary.services import pain_entry_create
from backactive.interop.fhir import bulk
from backactive.interop.fhir.smart.services import smart_client_register
from backactive.interop.fhir.tokens import token_issue
from backactive.interop.models import BulkExport, BulkExportFile
from backactive.privacy.services import consent_give, consent_withdraw

from .factories import fill_record
from .smart_support import Platform

TOKEN_URL = "http://testserver/fhir/auth/token"
ASYNC = {"HTTP_PREFER": "respond-async", "HTTP_ACCEPT": "application/fhir+json"}


@pytest.fixture
def research(world: Any, client: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """Practice X with consenting patients C (a full record) and A, B withdrawn, Y of practice Y
    consenting; a registered research platform and a way to get its access token."""
    made = fill_record(world)
    consent_give(patient=made["patient"], purpose="research", version="2026-1")
    consent_give(patient=world.patient_a, purpose="research", version="2026-1")
    consent_give(patient=world.patient_b, purpose="research", version="2026-1")
    consent_withdraw(patient=world.patient_b, purpose="research")
    consent_give(patient=world.patient_y, purpose="research", version="2026-1")
    platform = Platform("ES384")
    registered = smart_client_register(practice=world.practice_x, label="Studie", jwks_text=platform.jwks(),
                                       created_by=world.admin_x)  # fmt: skip

    def token(scope: str = "system/*.read") -> str:
        form = platform.token_form(registered.client_id, TOKEN_URL, scope=scope)
        return str(client.post("/fhir/auth/token", form).json()["access_token"])

    def get(url: str, raw: str, **headers: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):  # the export runs after the kick-off commits
            return client.get(url.removeprefix("http://testserver"), HTTP_AUTHORIZATION=f"Bearer {raw}", **headers)

    def delete(url: str, raw: str) -> Any:
        return client.delete(url.removeprefix("http://testserver"), HTTP_AUTHORIZATION=f"Bearer {raw}")

    return type("Research", (), {"token": staticmethod(token), "get": staticmethod(get), "delete": staticmethod(delete),
                                 "made": made, "client": registered, "platform": platform})  # fmt: skip


def _export(research: Any, raw: str, query: str = "") -> tuple[str, dict[str, Any]]:
    kick = research.get(f"/fhir/Group/{research.client.practice_id}/$export{query}", raw, **ASYNC)
    assert kick.status_code == 202, kick.content
    status_url = kick["Content-Location"]
    assert status_url.startswith("http://testserver/fhir/bulk/")
    done = research.get(status_url, raw)
    assert done.status_code == 200 and done["Content-Type"].startswith("application/json"), done.content
    assert done["Expires"] and done["Cache-Control"] == "no-store"
    return status_url, done.json()


def _files(research: Any, raw: str, manifest: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for output in manifest["output"]:
        response = research.get(output["url"], raw, HTTP_ACCEPT="application/fhir+ndjson")
        assert response.status_code == 200 and response["Content-Type"] == "application/fhir+ndjson"
        lines = b"".join(response.streaming_content).decode().splitlines()
        assert len(lines) == output["count"]
        found.setdefault(output["type"], []).extend(json.loads(line) for line in lines)
    return found


def test_a_research_platform_exports_the_consenting_patients(research: Any, world: Any) -> None:
    raw = research.token()
    status_url, manifest = _export(research, raw)
    assert manifest["request"] == f"http://testserver/fhir/Group/{world.practice_x.pk}/$export"
    assert manifest["requiresAccessToken"] is True and manifest["error"] == []
    assert all(o["url"].startswith(f"{status_url}/") for o in manifest["output"])
    found = _files(research, raw, manifest)
    assert set(found) == {"Patient", "Observation", "Goal", "CarePlan", "ServiceRequest"}  # no questionnaire answered
    patients = [FhirPatient.model_validate(p) for p in found["Patient"]]
    assert len(patients) == 2  # C and A; B withdrew, Y belongs to another practice
    assert all(re.fullmatch(r"[0-9a-f]{32}", p.id) and p.identifier is None and p.name is None for p in patients)
    for observation in found["Observation"]:
        Observation.model_validate(observation)
        assert observation["meta"]["versionId"] and observation["meta"]["lastUpdated"]
    text = json.dumps(found)
    for name in ("Clara", "Anna", "Bernd", "Yvonne", f'Patient/{research.made["patient"].pk}"'):
        assert name not in text
    # the same files are not for anyone else
    assert research.get(manifest["output"][0]["url"], "nothing").status_code == 401
    other = smart_client_register(practice=world.practice_x, label="Andere", jwks_text=research.platform.jwks(),
                                  created_by=world.admin_x)  # fmt: skip
    other_token = Client().post("/fhir/auth/token", research.platform.token_form(other.client_id, TOKEN_URL)).json()[
        "access_token"]  # fmt: skip
    assert research.get(manifest["output"][0]["url"], other_token).status_code == 404
    assert research.get(status_url, other_token).status_code == 404


def test_pseudonyms_are_stable_for_a_client_and_differ_between_clients(research: Any, world: Any) -> None:
    raw = research.token()
    first = {p["id"] for p in _files(research, raw, _export(research, raw)[1])["Patient"]}
    again = {p["id"] for p in _files(research, raw, _export(research, raw)[1])["Patient"]}
    assert first == again
    other = smart_client_register(practice=world.practice_x, label="Andere", jwks_text=research.platform.jwks(),
                                  created_by=world.admin_x)  # fmt: skip
    other_raw = Client().post("/fhir/auth/token", research.platform.token_form(other.client_id, TOKEN_URL)).json()[
        "access_token"]  # fmt: skip
    theirs = {p["id"] for p in _files(research, other_raw, _export(research, other_raw)[1])["Patient"]}
    assert len(theirs) == 2 and not theirs & first


def test_status_while_running_then_cancel(research: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "_enqueue", lambda export: None)  # the worker has not picked it up yet
    raw = research.token()
    kick = research.get("/fhir/Patient/$export", raw, **ASYNC)
    assert kick.status_code == 202
    waiting = research.get(kick["Content-Location"], raw)
    assert waiting.status_code == 202 and waiting["X-Progress"] and waiting["Retry-After"]
    assert research.delete(kick["Content-Location"], raw).status_code == 202
    assert research.get(kick["Content-Location"], raw).status_code == 404
    # a cancelled export that the worker reaches later writes nothing
    export = BulkExport.objects.get()
    assert bulk.bulk_export_run(export_id=export.pk) == {} and not BulkExportFile.objects.exists()


def test_deleting_a_completed_export_removes_its_files(research: Any) -> None:
    raw = research.token()
    status_url, manifest = _export(research, raw)
    assert BulkExportFile.objects.exists()
    assert research.delete(status_url, raw).status_code == 202
    assert not BulkExportFile.objects.exists()
    assert research.get(manifest["output"][0]["url"], raw).status_code == 404


def test_types_follow_the_request_and_the_scopes(research: Any) -> None:
    raw = research.token()
    _url, manifest = _export(research, raw, "?_type=Observation,Goal")
    assert {o["type"] for o in manifest["output"]} == {"Observation", "Goal"}
    narrow = research.token("system/Observation.rs")
    _url, manifest = _export(research, narrow)
    assert {o["type"] for o in manifest["output"]} == {"Observation"}
    refused = research.get(f"/fhir/Group/{research.client.practice_id}/$export?_type=Patient", narrow, **ASYNC)
    assert refused.status_code == 403 and refused.json()["resourceType"] == "OperationOutcome"


@pytest.mark.parametrize(
    ("query", "headers", "status"),
    [("", {"HTTP_ACCEPT": "application/fhir+json"}, 400), ("?_elements=id", ASYNC, 400),
     ("?_typeFilter=Observation%3Fcode%3Dx", ASYNC, 400), ("?_outputFormat=application/fhir%2Bxml", ASYNC, 400),
     ("?_since=yesterday", ASYNC, 400), ("?_type=Encounter", ASYNC, 400),
     ("", {**ASYNC, "HTTP_ACCEPT": "application/fhir+xml"}, 406),
     ("?_elements=id", {**ASYNC, "HTTP_PREFER": "respond-async, handling=lenient"}, 202)],
)  # fmt: skip
def test_kick_off_refuses_what_it_cannot_do(research: Any, query: str, headers: dict[str, str], status: int) -> None:
    response = research.get(f"/fhir/Group/{research.client.practice_id}/$export{query}", research.token(), **headers)
    assert response.status_code == status, response.content
    assert response["Cache-Control"] == "no-store"


def test_group_is_the_own_practice_and_credentials_stay_in_their_lane(research: Any, world: Any, client: Any) -> None:
    raw = research.token()
    assert research.get(f"/fhir/Group/{world.practice_y.pk}/$export", raw, **ASYNC).status_code == 404
    assert research.get("/fhir/Group/nonsense/$export", raw, **ASYNC).status_code == 404
    # a research client cannot read the REST API (all patients, our ids) ...
    assert research.get(f"/fhir/Patient/{world.patient_a.pk}", raw).status_code == 403
    # ... and a practice API token cannot start a research export
    _token, api_raw = token_issue(practice=world.practice_x, label="PVS", created_by=world.admin_x)
    response = research.get(f"/fhir/Group/{world.practice_x.pk}/$export", api_raw, **ASYNC)
    assert response.status_code == 403 and response.json()["issue"][0]["code"] == "forbidden"
    assert client.get(f"/fhir/Group/{world.practice_x.pk}/$export", **ASYNC).status_code == 401


def test_since_gives_what_changed_and_patients_new_to_the_group(research: Any, world: Any) -> None:
    raw = research.token()
    _export(research, raw)  # every resource seen for the first time
    _url, second = _export(research, raw)
    since = second["transactionTime"]
    _url, nothing = _export(research, raw, f"?_since={since.replace('+', '%2B')}")
    assert nothing["output"] == []
    pain_entry_create(patient=research.made["patient"], date=dt.date.today(), pain=2)
    consent_give(patient=world.patient_b, purpose="research", version="2026-2")  # B joins the group again
    _url, changed = _export(research, raw, f"?_since={since.replace('+', '%2B')}")
    found = _files(research, raw, changed)
    assert [o["valueQuantity"]["value"] for o in found["Observation"] if o["code"]["coding"][0]["code"] == "72514-3"
            and o["effectiveDateTime"] == dt.date.today().isoformat()] == [2]  # fmt: skip
    assert len(found["Patient"]) == 1  # B, new to the group, with everything of theirs


def test_questionnaires_in_the_export_and_a_correction_is_a_new_version(research: Any, world: Any) -> None:
    """Issue 20: answers as QuestionnaireResponse (versioned, like every resource), each instrument
    answered once as Questionnaire; a corrected answer is a change for _since."""
    from backactive.questionnaires.services import response_enter, response_save

    answers = {"nervous": 1, "worry": 0, "interest": 2, "down": 1}
    response = response_enter(patient=research.made["patient"], instrument_code="phq4", answers=answers,
                              user=world.clinician_x, source="paper", answered_on=dt.date.today())  # fmt: skip
    raw = research.token()
    _url, manifest = _export(research, raw, "?_type=Questionnaire,QuestionnaireResponse")
    found = _files(research, raw, manifest)
    [questionnaire] = found["Questionnaire"]
    [answered] = found["QuestionnaireResponse"]
    assert answered["questionnaire"] == questionnaire["url"] and answered["meta"]["versionId"] == "1"
    assert re.fullmatch(r"Patient/[0-9a-f]{32}", answered["subject"]["reference"])
    _url, second = _export(research, raw, "?_type=Questionnaire,QuestionnaireResponse")
    since = second["transactionTime"].replace("+", "%2B")
    _url, nothing = _export(research, raw, f"?_type=Questionnaire,QuestionnaireResponse&_since={since}")
    assert nothing["output"] == []
    response_save(response=response, answers={"down": 3}, user=world.clinician_x, reason="misread")
    _url, changed = _export(research, raw, f"?_type=Questionnaire,QuestionnaireResponse&_since={since}")
    found = _files(research, raw, changed)
    [corrected] = found["QuestionnaireResponse"]
    assert corrected["id"] == answered["id"] and corrected["meta"]["versionId"] == "2"
    assert {i["linkId"]: i["answer"][0]["valueCoding"]["code"] for i in corrected["item"]}["down"] == "3"
    assert len(found["Questionnaire"]) == 1
    # A scope for QuestionnaireResponse alone gives no Questionnaire.
    _url, narrow = _export(research, research.token("system/QuestionnaireResponse.rs"))
    assert {o["type"] for o in narrow["output"]} == {"QuestionnaireResponse"}
