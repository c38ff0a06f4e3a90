"""The read-only FHIR API: tokens (issued, shown once, stored as a hash, revoked), practice
scope, search parameters, and what an admin sees on the token page."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.patient import Patient as FhirPatient

from backactive.interop.fhir.r4b.search import Span, date_test
from backactive.interop.fhir.tokens import token_hash, token_issue, token_revoke
from backactive.interop.models import ApiToken

from .factories import fill_record


@pytest.fixture
def api(world: Any, client: Any) -> Any:
    """A client with a token of practice X, and the filled record of a patient of X."""
    token, raw = token_issue(practice=world.practice_x, label="Forschungsdatenbank", created_by=world.admin_x)
    made = fill_record(world)

    def get(path: str, **params: Any) -> Any:
        return client.get(f"/fhir/{path}", params, HTTP_AUTHORIZATION=f"Bearer {raw}")

    return type("Api", (), {"get": staticmethod(get), "token": token, "raw": raw, "made": made,
                            "patient": made["patient"]})  # fmt: skip


def test_metadata_is_a_capability_statement_without_a_token(client: Any, db: None) -> None:
    response = client.get("/fhir/metadata")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/fhir+json")
    CapabilityStatement.model_validate(response.json())
    types = {r["type"]: r for r in response.json()["rest"][0]["resource"]}
    assert set(types) == {"Patient", "Observation", "Goal", "CarePlan", "ServiceRequest", "Group"}
    assert {p["name"] for p in types["Observation"]["searchParam"]} == {
        "patient", "subject", "_id", "_lastUpdated", "code", "category", "date"}  # fmt: skip
    assert response["Cache-Control"] == "no-store"


def test_only_the_hash_is_stored(world: Any) -> None:
    token, raw = token_issue(practice=world.practice_x, label="x", created_by=world.admin_x)
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_hash == token_hash(raw) and raw not in {stored.token_hash, stored.prefix}
    assert raw.startswith(stored.prefix) and len(raw) > 40


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer wrong-token", "Basic abc", "Token x"])
def test_without_a_valid_token_401(api: Any, client: Any, header: str | None) -> None:
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    for path in (f"Patient/{api.patient.pk}", f"Observation?patient={api.patient.pk}", "CarePlan?patient=1"):
        response = client.get(f"/fhir/{path}", **extra)
        assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
        assert OperationOutcome.model_validate(response.json()).issue[0].code == "login"
        assert "Clara" not in response.content.decode()


def test_a_logged_in_session_is_not_a_token(api: Any, client: Any, world: Any) -> None:
    client.force_login(world.admin_x)
    assert client.get(f"/fhir/Patient/{api.patient.pk}").status_code == 401


def test_revoked_token_401(api: Any) -> None:
    assert api.get(f"Patient/{api.patient.pk}").status_code == 200
    token_revoke(token=api.token)
    assert api.get(f"Patient/{api.patient.pk}").status_code == 401


def test_patient_read_and_practice_scope(api: Any, world: Any) -> None:
    response = api.get(f"Patient/{api.patient.pk}")
    patient = FhirPatient.model_validate(response.json())
    assert patient.id == str(api.patient.pk) and patient.name is None and patient.gender == "female"
    assert api.get(f"Patient/{world.patient_y.pk}").status_code == 404
    assert api.get("Patient/999999").status_code == 404
    assert api.get("Patient/abc").status_code == 404
    api.token.refresh_from_db()
    assert api.token.last_used_at is not None


def _codes(response: Any) -> list[str]:
    Bundle.model_validate(response.json())
    data = response.json()
    assert data["type"] == "searchset" and data["total"] == len(data.get("entry", []))
    return [e["resource"]["code"]["coding"][0]["code"] for e in data.get("entry", [])]


def test_observation_search_by_code_and_date(api: Any) -> None:
    pk = api.patient.pk
    assert len(_codes(api.get("Observation", patient=pk))) == 4 + 3 + 2 + 8
    assert _codes(api.get("Observation", patient=f"Patient/{pk}", code="41950-7")) == ["41950-7"] * 8
    both = _codes(api.get("Observation", patient=pk, code="http://loinc.org|72514-3,89555-7"))
    assert sorted(set(both)) == ["72514-3", "89555-7"] and len(both) == 5
    assert _codes(api.get("Observation", patient=pk, code="http://snomed.info/sct|41950-7")) == []
    start = api.made["start"]
    end = start + dt.timedelta(days=6)
    week = _codes(api.get("Observation", patient=pk, code="41950-7", date=[f"ge{start}", f"le{end}"]))
    assert len(week) == 4  # steps on days 0, 2, 4, 6 of the first week
    assert len(_codes(api.get("Observation", patient=pk, code="41950-7", date=f"gt{start.isoformat()}"))) == 7
    assert len(_codes(api.get("Observation", patient=pk, code="41950-7", date=f"lt{start.isoformat()}"))) == 0
    assert len(_codes(api.get("Observation", patient=pk, code="41950-7", date=start.isoformat()))) == 1
    assert len(_codes(api.get("Observation", patient=pk, code="41950-7", date=str(start.year + 1)))) == 0


def test_search_for_another_practices_patient_finds_nothing(api: Any, world: Any) -> None:
    response = api.get("Observation", patient=world.patient_y.pk)
    assert response.status_code == 200 and response.json()["total"] == 0
    assert api.get("CarePlan", patient=world.patient_y.pk).json()["total"] == 0


def test_bad_search_parameters_are_400(api: Any) -> None:
    assert api.get("Observation").status_code == 400
    assert api.get("Observation", patient=api.patient.pk, date="ge2026-13-45").status_code == 400


def test_careplan_search_lists_every_version(api: Any) -> None:
    data = api.get("CarePlan", patient=api.patient.pk).json()
    Bundle.model_validate(data)
    assert sorted(e["resource"]["status"] for e in data["entry"]) == ["active", "revoked"]
    assert all(e["fullUrl"].startswith("http://testserver/fhir/CarePlan/") for e in data["entry"])


def test_the_api_is_read_only(api: Any, client: Any) -> None:
    response = client.post("/fhir/Observation", {}, HTTP_AUTHORIZATION=f"Bearer {api.raw}")
    assert response.status_code == 405


def test_admin_issues_sees_once_and_revokes(world: Any, login: Any) -> None:
    client = login(world.admin_x)
    url = reverse("interop:fhir_tokens")
    response = client.post(url, {"action": "issue", "label": "Studienzentrum"})
    raw = response.context["new_token"]
    assert raw and raw in response.content.decode() and "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(label="Studienzentrum")
    assert token.practice == world.practice_x and token.token_hash == token_hash(raw)
    listing = client.get(url).content.decode()
    assert "Studienzentrum" in listing and raw not in listing
    assert client.get("/fhir/metadata").status_code == 200
    assert client.get(f"/fhir/Patient/{world.patient_a.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    client.post(url, {"action": "revoke", "token": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(f"/fhir/Patient/{world.patient_a.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_admin_cannot_revoke_another_practices_token(world: Any, login: Any) -> None:
    from backactive.accounts.models import Role
    from tests.conftest import make_user

    other, _raw = token_issue(practice=world.practice_y, label="Y", created_by=None)
    admin_y = make_user(world.practice_y, "admin_y", Role.ADMIN)
    assert "Y" not in [t.label for t in login(world.admin_x).get(reverse("interop:fhir_tokens")).context["tokens"]]
    login(world.admin_x).post(reverse("interop:fhir_tokens"), {"action": "revoke", "token": other.pk})
    other.refresh_from_db()
    assert other.revoked_at is None
    assert [t.label for t in login(admin_y).get(reverse("interop:fhir_tokens")).context["tokens"]] == ["Y"]


def test_an_empty_label_is_refused(world: Any, login: Any) -> None:
    response = login(world.admin_x).post(reverse("interop:fhir_tokens"), {"action": "issue", "label": ""})
    assert response.context["new_token"] is None and not ApiToken.objects.exists()


def test_date_filter_precision() -> None:
    from zoneinfo import ZoneInfo

    from backactive.interop.fhir.r4b.search import day_span

    tz = ZoneInfo("Europe/Berlin")

    def on(values: list[str], day: dt.date) -> bool:
        return date_test(values, tz)(day_span(day, tz))

    assert on(["2026-11"], dt.date(2026, 11, 1)) and on(["2026-11"], dt.date(2026, 11, 30))
    assert not on(["2026-11"], dt.date(2026, 12, 1))
    assert on(["ge2026", "lt2027-02"], dt.date(2027, 1, 31))
    assert not on(["gt2026-11"], dt.date(2026, 11, 30))
    assert on(["ne2026-11-30"], dt.date(2026, 11, 29)) and not on(["ne2026-11-30"], dt.date(2026, 11, 30))
    # a moment with its zone: 23:30 UTC on 21 November lies within Berlin's 22 November
    day = dt.date(2026, 11, 22)
    assert on(["le2026-11-21T23:30:00Z"], day) and not on(["lt2026-11-21T23:00:00Z"], day)
    assert isinstance(day_span(dt.date(2026, 1, 1), tz), Span)


def test_staff_download_the_patient_bundle(world: Any, login: Any) -> None:
    made = fill_record(world)
    response = login(world.clinician_x).get(
        reverse("interop:fhir_bundle", kwargs={"patient_id": made["patient"].pk})
    )
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    bundle = Bundle.model_validate(json.loads(response.content))
    assert "Clara" not in response.content.decode() and len(bundle.entry or []) > 10


def test_search_queries_do_not_grow_with_the_record(api: Any, django_assert_max_num_queries: Any) -> None:
    # token, its last use, the patient, the audit row, the reads the answer needs, the versions
    # seen before and (the first time) the new ones
    with django_assert_max_num_queries(9):  # + consultations, pain, activity
        assert api.get("Observation", patient=api.patient.pk).status_code == 200
    with django_assert_max_num_queries(7):  # the same again: the token's use was just noted, nothing new
        assert api.get("Observation", patient=api.patient.pk).status_code == 200
    with django_assert_max_num_queries(7):  # + plans, their items
        assert api.get("CarePlan", patient=api.patient.pk).status_code == 200
    with django_assert_max_num_queries(5):  # token, patient, audit row, versions, the new version
        assert api.get(f"Patient/{api.patient.pk}").status_code == 200


def test_searches_answer_in_pages_with_next_links(api: Any, client: Any) -> None:
    first = api.get("Observation", patient=api.patient.pk, _count=5).json()
    assert first["total"] == 17 and len(first["entry"]) == 5
    assert {link["relation"] for link in first["link"]} == {"self", "next"}
    seen = [e["resource"]["id"] for e in first["entry"]]
    page = first
    while (nxt := next((lk["url"] for lk in page["link"] if lk["relation"] == "next"), None)) is not None:
        page = client.get(nxt, HTTP_AUTHORIZATION=f"Bearer {api.raw}").json()
        assert "previous" in {link["relation"] for link in page["link"]}
        seen += [e["resource"]["id"] for e in page["entry"]]
    assert len(seen) == len(set(seen)) == 17
    assert api.get("Observation", patient=api.patient.pk, _count="x").status_code == 400
    assert len(api.get("Observation", patient=api.patient.pk, _count=0).json().get("entry", [])) == 0
