"""The CapabilityStatement lists exactly what the routes do (issue 18): every listed interaction
and search parameter works, every API route is listed, and what is not listed is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from backactive.interop.fhir.tokens import token_issue

from .factories import fill_record

# Example values for every search parameter the statement may list; a new parameter without an
# example fails test_every_listed_search_parameter_is_applied.
EXAMPLES = {
    "patient": "{pk}", "subject": "Patient/{pk}", "_id": "{id}", "_lastUpdated": "ge2000-01-01",
    "code": "http://loinc.org|41950-7", "category": "activity", "date": "ge2000-01-01", "identifier": "100",
}  # fmt: skip


@pytest.fixture
def statement(client: Any, db: None) -> dict[str, Any]:
    return client.get("/fhir/metadata").json()


@pytest.fixture
def api(world: Any, client: Any) -> Any:
    _token, raw = token_issue(practice=world.practice_x, label="PVS", created_by=world.admin_x)
    made = fill_record(world)

    def get(path: str, **params: Any) -> Any:
        return client.get(f"/fhir/{path}", params, HTTP_AUTHORIZATION=f"Bearer {raw}")

    return type("Api", (), {"get": staticmethod(get), "patient": made["patient"]})


def _api_routes() -> set[str]:
    """The route patterns under /fhir/ (the API base), as strings."""
    [fhir] = [e for e in get_resolver().url_patterns if isinstance(e, URLResolver) and e.namespace == "interop"]
    routes: set[str] = set()
    for entry in fhir.url_patterns:
        if isinstance(entry, URLResolver) and str(entry.pattern) == "fhir/":
            routes |= {str(p.pattern) for p in entry.url_patterns if isinstance(p, URLPattern)}
    return routes


def test_every_listed_interaction_and_parameter_works(statement: dict[str, Any], api: Any) -> None:
    assert statement["fhirVersion"] == "4.0.1" and statement["format"] == ["application/fhir+json", "json"]
    pk = api.patient.pk
    for resource in statement["rest"][0]["resource"]:
        resource_type = resource["type"]
        codes = {i["code"] for i in resource.get("interaction", [])}
        if not codes:  # Group: export only
            continue
        assert codes == {"read", "search-type"}, resource_type
        params = {"identifier": "100"} if resource_type == "Patient" else {"patient": pk}
        found = api.get(resource_type, **params)
        assert found.status_code == 200 and found.json()["total"] >= 1, resource_type
        first = found.json()["entry"][0]["resource"]
        assert api.get(f"{resource_type}/{first['id']}").status_code == 200
        for param in resource["searchParam"]:
            value = EXAMPLES[param["name"]].format(pk=pk, id=first["id"])
            query = {**params, param["name"]: value} if param["name"] not in ("patient", "subject") else {
                param["name"]: value}  # fmt: skip
            data = api.get(resource_type, **query).json()
            assert data["resourceType"] == "Bundle", (resource_type, param["name"], data)
            assert all(e["search"]["mode"] != "outcome" for e in data.get("entry", [])), (resource_type, param)
            assert data["total"] >= 1, (resource_type, param["name"])
        for include in resource.get("searchInclude", []):
            data = api.get(resource_type, **params, _include=include).json()
            assert [e["resource"]["resourceType"] for e in data["entry"] if e["search"]["mode"] == "include"] == [
                "Patient"]  # fmt: skip


def test_every_api_route_is_in_the_statement(statement: dict[str, Any]) -> None:
    resources = {r["type"]: r for r in statement["rest"][0]["resource"]}
    for route in _api_routes():
        if route in ("metadata", "^.*$") or route.startswith(("auth/", ".well-known/", "$export", "bulk/")):
            continue
        resource_type, _, rest = route.partition("/")
        assert resource_type in resources, route
        if rest == "<str:resource_id>":
            assert {"code": "read"} in resources[resource_type]["interaction"], route
        elif rest == "$export" or rest.endswith("/$export"):
            assert resources[resource_type]["operation"][0]["name"] == "export", route
        else:
            assert not rest and {"code": "search-type"} in resources[resource_type]["interaction"], route


@pytest.mark.parametrize("resource_type", ["Encounter", "Condition", "Practitioner", "Group"])
def test_a_type_the_statement_does_not_list_for_reading_is_not_supported(api: Any, resource_type: str) -> None:
    for path in (resource_type, f"{resource_type}/1"):
        response = api.get(path)
        assert response.status_code == 404 and response.json()["issue"][0]["code"] in ("not-supported", "not-found")


def test_the_statement_names_the_smart_token_endpoint(statement: dict[str, Any]) -> None:
    security = statement["rest"][0]["security"]
    assert security["service"][0]["coding"][0]["code"] == "SMART-on-FHIR"
    [uris] = security["extension"]
    assert uris["extension"][0]["valueUri"] == "http://testserver/fhir/auth/token"
