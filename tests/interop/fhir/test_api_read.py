"""Reads, versions and HTTP (issue 18): every fullUrl can be read; meta.versionId and
lastUpdated, ETag and Last-Modified, 304 for If-None-Match; a changed weekly total is a new
version found by _lastUpdated; JSON only (406); an OperationOutcome with the right status for
every unknown address and type; Cache-Control: no-store on every answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings

from backactive.diary.services import activity_entry_create
from backactive.interop.fhir.tokens import token_issue
from backactive.security.models import AuditEvent

from .factories import fill_record


@pytest.fixture
def api(world: Any, client: Any) -> Any:
    token, raw = token_issue(practice=world.practice_x, label="PVS", created_by=world.admin_x)
    made = fill_record(world)

    def get(path: str, headers: dict[str, str] | None = None, method: str = "get", **params: Any) -> Any:
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()}
        path = path.removeprefix("http://testserver")
        path = path if path.startswith("/") else f"/fhir/{path}"
        return getattr(client, method)(path, params, HTTP_AUTHORIZATION=f"Bearer {raw}", **extra)

    return type("Api", (), {"get": staticmethod(get), "made": made, "patient": made["patient"], "token": token})


def _everything(api: Any) -> list[dict[str, Any]]:
    entries = []
    for resource_type in ("Observation", "Goal", "CarePlan", "ServiceRequest"):
        entries += api.get(resource_type, patient=api.patient.pk).json()["entry"]
    return entries + api.get("Patient", _id=api.patient.pk).json()["entry"]


def test_every_full_url_of_a_search_can_be_read(api: Any) -> None:
    # Before: Observation/<id> had no read, though every bundle's fullUrl pointed there.
    entries = _everything(api)
    assert {e["resource"]["resourceType"] for e in entries} == {"Observation", "Goal", "CarePlan", "ServiceRequest",
                                                                 "Patient"}  # fmt: skip
    for entry in entries:
        response = api.get(entry["fullUrl"])
        assert response.status_code == 200, entry["fullUrl"]
        assert response.json() == entry["resource"]
        assert response["ETag"] == f'W/"{entry["resource"]["meta"]["versionId"]}"'


def test_a_resource_of_another_practice_or_none_is_a_404_outcome(api: Any, world: Any) -> None:
    other = fill_record(world, practice=world.practice_y)
    theirs = next(e for e in _everything(api) if e["resource"]["resourceType"] == "Observation")["resource"]["id"]
    assert api.get(f"Observation/{theirs}").status_code == 200
    for path in (f"Patient/{other['patient'].pk}", f"Observation/pt{other['patient'].pk}-s20260101",
                 "Observation/pe999999", "Observation/nonsense", "Goal/g999999", "CarePlan/x", "ServiceRequest/sr0",
                 f"Observation/pe{other['pain'].pk}"):  # fmt: skip
        response = api.get(path)
        assert response.status_code == 404 and response.json()["resourceType"] == "OperationOutcome", path
        assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [("Encounter", 404, "not-supported"), ("Encounter/1", 404, "not-supported"),
     ("Patient/1/_history", 404, "not-found"), ("nothing/here", 404, "not-found"), ("", 404, "not-found")],
)  # fmt: skip
def test_unknown_routes_and_types_are_outcomes(api: Any, path: str, status: int, code: str) -> None:
    # Before: Django's HTML 404 page.
    response = api.get(path)
    assert response.status_code == status and response["Content-Type"].startswith("application/fhir+json")
    assert response.json()["issue"][0]["code"] == code and response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_405_with_allow(api: Any, method: str) -> None:
    for path in ("Observation", f"Patient/{api.patient.pk}"):
        response = api.get(path, method=method)
        assert response.status_code == 405 and "GET" in response["Allow"]
        assert response.json()["resourceType"] == "OperationOutcome" and response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("headers", "params", "status"),
    [({}, {"_format": "xml"}, 406), ({}, {"_format": "application/fhir+xml"}, 406), ({}, {"_format": "json"}, 200),
     ({"Accept": "application/fhir+xml"}, {}, 406), ({"Accept": "application/xml, text/xml"}, {}, 406),
     ({"Accept": "application/fhir+json; fhirVersion=4.0"}, {}, 200),
     ({"Accept": "application/fhir+json; fhirVersion=5.0"}, {}, 406),
     ({"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}, {}, 200),
     ({"Accept": "application/fhir+xml"}, {"_format": "json"}, 200)],
)  # fmt: skip
def test_json_only(api: Any, headers: dict[str, str], params: dict[str, str], status: int) -> None:
    # Before: _format=xml answered 200 with JSON.
    for path in (f"Patient/{api.patient.pk}", "Observation", "metadata"):
        response = api.get(path, headers, patient=api.patient.pk, **params)
        assert response.status_code == status, (path, headers, params)
        assert response["Content-Type"].startswith("application/fhir+json") and response["Cache-Control"] == "no-store"


def test_every_answer_is_no_store(api: Any, client: Any) -> None:
    # Before: API answers had no Cache-Control at all.
    pk = api.patient.pk
    answers = [api.get(f"Patient/{pk}"), api.get("Observation", patient=pk), client.get("/fhir/metadata"),
               client.get(f"/fhir/Patient/{pk}"), client.get("/fhir/Observation", {"patient": pk}),
               api.get("Observation"),
               api.get(f"Patient/{pk}", {"If-None-Match": api.get(f"Patient/{pk}")["ETag"]})]  # fmt: skip
    assert [a.status_code for a in answers] == [200, 200, 200, 401, 401, 400, 304]
    assert all(a["Cache-Control"] == "no-store" for a in answers)


def test_versions_etag_and_304(api: Any) -> None:
    # Before: no meta.versionId, no ETag: a syncing server could not see a change.
    first = api.get(f"Patient/{api.patient.pk}")
    meta = first.json()["meta"]
    assert meta["versionId"] == "1" and meta["lastUpdated"] and meta["security"][0]["code"] == "PSEUDED"
    assert first["ETag"] == 'W/"1"' and first["Last-Modified"]
    again = api.get(f"Patient/{api.patient.pk}", {"If-None-Match": 'W/"1"'})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == 'W/"1"'
    assert api.get(f"Patient/{api.patient.pk}", {"If-None-Match": 'W/"7", "1"'}).status_code == 304
    assert api.get(f"Patient/{api.patient.pk}", {"If-Modified-Since": first["Last-Modified"]}).status_code == 304
    api.patient.year_of_birth = 1971
    api.patient.save()
    changed = api.get(f"Patient/{api.patient.pk}", {"If-None-Match": 'W/"1"'})
    assert changed.status_code == 200 and changed["ETag"] == 'W/"2"' and changed.json()["birthDate"] == "1971"


def test_a_weekly_total_that_changes_is_a_new_version_found_by_last_updated(api: Any) -> None:
    # Before: weekly totals changed under a stable id and nothing showed it.
    pk = api.patient.pk
    weekly = api.get("Observation", patient=pk, code="82290-8", _sort="date").json()
    [week] = [e for e in weekly["entry"] if e["resource"]["id"].startswith("pt")][:1]
    url, etag = week["fullUrl"], api.get(week["fullUrl"])["ETag"]
    # The first search saw every resource for the first time, after it began: a sync from its
    # time gets them once more (seen twice, never missed). From the next search's time, nothing.
    assert api.get("Observation", patient=pk, _lastUpdated=f"gt{weekly['meta']['lastUpdated']}").json()["total"] == 17
    since = api.get("Observation", patient=pk, _summary="count").json()["meta"]["lastUpdated"]
    assert api.get("Observation", patient=pk, _lastUpdated=f"gt{since}").json()["total"] == 0
    activity_entry_create(patient=api.patient, date=api.made["start"], activity="cycling", minutes=45)
    response = api.get(url, {"If-None-Match": etag})
    assert response.status_code == 200 and response["ETag"] != etag
    assert response.json()["valueQuantity"]["value"] == week["resource"]["valueQuantity"]["value"] + 45
    assert response.json()["meta"]["versionId"] == "2" and response.json()["meta"]["lastUpdated"] > since
    newer = api.get("Observation", patient=pk, _lastUpdated=f"gt{since}").json()
    assert [e["resource"]["id"] for e in newer["entry"]] == [week["resource"]["id"]]
    assert api.get("Observation", patient=pk, _lastUpdated=f"le{since}").json()["total"] == 16


class _WritesElsewhere:
    """A router that would send every write to a replica that does not exist here."""

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "replica"


def test_audit_rows_of_api_reads_go_to_the_primary(api: Any) -> None:
    with override_settings(DATABASE_ROUTERS=[_WritesElsewhere()]):
        assert api.get("Observation", patient=api.patient.pk, code="41950-7").status_code == 200
        assert api.get(f"Patient/{api.patient.pk}").status_code == 200
    views = AuditEvent.objects.using("default").filter(
        action="view", patient_id=api.patient.pk, object_type="fhir_token", object_id=str(api.token.pk)
    )
    assert views.count() == 2


def test_include_and_read_agree_on_the_version(api: Any) -> None:
    data = api.get("Observation", patient=api.patient.pk, _include="Observation:patient", _count=1).json()
    [included] = [e for e in data["entry"] if e["search"]["mode"] == "include"]
    read = api.get(included["fullUrl"])
    assert read.json()["meta"]["versionId"] == included["resource"]["meta"]["versionId"]
    assert dt.datetime.fromisoformat(read.json()["meta"]["lastUpdated"]).tzinfo is not None


def test_every_full_url_of_the_patient_bundle_can_be_read_or_is_a_urn(api: Any, world: Any, login: Any) -> None:
    """Issue 20: the bundle carries Questionnaire and QuestionnaireResponse, which the API does not
    serve; their fullUrls were addresses under /fhir/ that answered 404. Now they are urn:uuid
    (the same at every download), and every other fullUrl reads the very resource."""
    from django.urls import reverse
    from django.utils import timezone

    from backactive.interop.fhir.api.rest import PARTS
    from backactive.interop.fhir.r4b.builders import READABLE_TYPES
    from backactive.questionnaires.services import response_enter

    assert set(PARTS) == set(READABLE_TYPES)
    response_enter(patient=api.patient, instrument_code="phq4", answers={"nervous": 1, "worry": 0, "interest": 2,
                   "down": 1}, user=world.clinician_x, source="paper", answered_on=timezone.localdate())  # fmt: skip
    staff = login(world.clinician_x)
    url = reverse("interop:fhir_bundle", kwargs={"patient_id": api.patient.pk})
    entries = staff.get(url).json()["entry"]
    urns = {e["resource"]["resourceType"]: e["fullUrl"] for e in entries if e["fullUrl"].startswith("urn:uuid:")}
    assert set(urns) == {"Questionnaire", "QuestionnaireResponse"}
    assert len({e["fullUrl"] for e in entries}) == len(entries)
    assert [e["fullUrl"] for e in staff.get(url).json()["entry"]] == [e["fullUrl"] for e in entries]
    for entry in entries:
        if entry["fullUrl"].startswith("urn:uuid:"):
            continue
        read = api.get(entry["fullUrl"])
        assert read.status_code == 200, entry["fullUrl"]
        assert read.json()["id"] == entry["resource"]["id"]
