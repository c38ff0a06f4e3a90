"""Searches answer what they say (issue 18): every supported parameter filters, an unsupported
one is left out of the self link and named in an OperationOutcome entry (or is a 400 under
``Prefer: handling=strict``), sort, _summary=count, _include and the practice's patient number."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from backactive.interop.fhir.tokens import token_issue

from .factories import fill_record

CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"


@pytest.fixture
def api(world: Any, client: Any) -> Any:
    _token, raw = token_issue(practice=world.practice_x, label="PVS", created_by=world.admin_x)
    made = fill_record(world)

    def get(path: str, headers: dict[str, str] | None = None, **params: Any) -> Any:
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()}
        return client.get(f"/fhir/{path}", params, HTTP_AUTHORIZATION=f"Bearer {raw}", **extra)

    return type("Api", (), {"get": staticmethod(get), "made": made, "patient": made["patient"]})


def _resources(data: dict[str, Any], mode: str = "match") -> list[dict[str, Any]]:
    return [e["resource"] for e in data.get("entry", []) if e["search"]["mode"] == mode]


def _self(data: dict[str, Any]) -> list[tuple[str, str]]:
    url = next(link["url"] for link in data["link"] if link["relation"] == "self")
    return parse_qsl(urlsplit(url).query)


def test_category_filters_activity_from_pain(api: Any) -> None:
    # Before: category was ignored and echoed, so a client asking for activity got pain scores.
    pk = api.patient.pk
    activity = _resources(api.get("Observation", patient=pk, category=f"{CATEGORY}|activity").json())
    survey = _resources(api.get("Observation", patient=pk, category="survey").json())
    assert activity and all(r["code"]["coding"][0]["code"] != "72514-3" for r in activity)
    assert [r["code"]["coding"][0]["code"] for r in survey] == ["72514-3"] * 4
    assert len(activity) + len(survey) == 17


UNSUPPORTED = [("_elements", "id"), ("value-quantity", "gt5"), ("code:text", "pain"), ("_sort", "value"),
               ("_summary", "true"), ("_revinclude", "x")]  # fmt: skip


@pytest.mark.parametrize(("name", "value"), UNSUPPORTED)
def test_an_unsupported_parameter_is_named_and_left_out_of_the_self_link(api: Any, name: str, value: str) -> None:
    data = api.get("Observation", patient=api.patient.pk, code="41950-7", **{name: value}).json()
    assert (name, value) not in _self(data) and ("code", "41950-7") in _self(data)
    [warning] = _resources(data, "outcome")
    assert warning["resourceType"] == "OperationOutcome" and warning["issue"][0]["severity"] == "warning"
    assert name in warning["issue"][0]["diagnostics"]
    assert len(_resources(data)) == 8  # the supported filter still applied


def test_strict_handling_refuses_an_unsupported_parameter(api: Any) -> None:
    response = api.get("Observation", {"Prefer": "handling=strict"}, patient=api.patient.pk, _elements="id")
    assert response.status_code == 400
    assert response.json()["resourceType"] == "OperationOutcome" and "_elements" in response.content.decode()
    ok = api.get("Observation", {"Prefer": "handling=strict"}, patient=api.patient.pk, code="41950-7")
    assert ok.status_code == 200 and not _resources(ok.json(), "outcome")


def test_a_supported_parameter_with_a_bad_value_is_400(api: Any) -> None:
    for params in ({"date": "ge2026-13-45"}, {"_lastUpdated": "yesterday"}, {"_count": "²"}, {"code": "|"}):
        response = api.get("Observation", patient=api.patient.pk, **params)
        assert response.status_code == 400 and response.json()["resourceType"] == "OperationOutcome", params


def test_sort_by_date_both_ways(api: Any) -> None:
    pk = api.patient.pk
    up = [r["effectiveDateTime"] for r in _resources(api.get("Observation", patient=pk, _sort="date").json())]
    down = [r["effectiveDateTime"] for r in _resources(api.get("Observation", patient=pk, _sort="-date").json())]
    assert up == sorted(up) and down == sorted(down, reverse=True) and len(up) == 17


def test_summary_count_gives_the_total_only(api: Any) -> None:
    data = api.get("Observation", patient=api.patient.pk, code="41950-7", _summary="count").json()
    assert data["total"] == 8 and "entry" not in data and ("_summary", "count") in _self(data)


def test_include_adds_the_subject_once(api: Any) -> None:
    data = api.get("Observation", patient=api.patient.pk, code="41950-7", _include="Observation:subject").json()
    [patient] = _resources(data, "include")
    assert patient["resourceType"] == "Patient" and patient["id"] == str(api.patient.pk)
    assert len(_resources(data)) == 8 and data["total"] == 8  # included resources do not count
    plans = api.get("CarePlan", patient=api.patient.pk, _include="CarePlan:patient").json()
    assert len(_resources(plans, "include")) == 1


def test_id_and_date_filters_on_a_compartment_search(api: Any) -> None:
    pk = api.patient.pk
    ids = [r["id"] for r in _resources(api.get("Observation", patient=pk, code="41950-7").json())]
    two = _resources(api.get("Observation", patient=pk, _id=",".join(ids[:2])).json())
    assert sorted(r["id"] for r in two) == sorted(ids[:2])
    start = api.made["start"]
    week = api.get("Observation", patient=pk, code="41950-7", date=[f"ge{start}", f"le{start + dt.timedelta(days=6)}"])
    assert len(_resources(week.json())) == 4
    goals = _resources(api.get("Goal", subject=f"Patient/{pk}").json())
    assert [g["lifecycleStatus"] for g in goals] == ["active"]
    referrals = _resources(api.get("ServiceRequest", patient=pk).json())
    assert [r["code"]["text"] for r in referrals] == ["Rückenfit im Park"]


def test_patient_carries_the_practice_system_number_and_is_found_by_it(api: Any, world: Any) -> None:
    system = f"urn:backactive:practice:{world.practice_x.pk}:patient-number"
    data = api.get("Patient", identifier=f"{system}|100").json()
    [found] = _resources(data)
    assert found["id"] == str(world.patient_a.pk) and data["total"] == 1
    [identifier] = found["identifier"]
    assert (identifier["system"], identifier["value"]) == (system, "100")
    assert identifier["type"]["coding"][0]["code"] == "MR"
    assert _resources(api.get("Patient", identifier="100").json())[0]["id"] == str(world.patient_a.pk)
    # another practice's system, or its patient's number, finds nobody
    other = f"urn:backactive:practice:{world.practice_y.pk}:patient-number"
    assert api.get("Patient", identifier=f"{other}|100").json()["total"] == 0
    by_id = api.get("Patient", _id=f"{world.patient_b.pk},{world.patient_y.pk}").json()
    assert [r["id"] for r in _resources(by_id)] == [str(world.patient_b.pk)]
    assert "identifier" not in _resources(by_id)[0]  # patient B has no number from the practice system
    everyone = api.get("Patient", _count=2).json()
    assert everyone["total"] == 3 and len(_resources(everyone)) == 2
    assert {link["relation"] for link in everyone["link"]} == {"self", "next"}


def test_paging_covers_every_match_once(api: Any, client: Any) -> None:
    first = api.get("Observation", patient=api.patient.pk, _count=4, _sort="-date").json()
    seen = [r["id"] for r in _resources(first)]
    page = first
    while (nxt := next((lk["url"] for lk in page["link"] if lk["relation"] == "next"), None)) is not None:
        page = api.get(nxt.split("/fhir/", 1)[1].split("?")[0], **dict(parse_qsl(urlsplit(nxt).query))).json()
        seen += [r["id"] for r in _resources(page)]
    assert len(seen) == len(set(seen)) == 17
