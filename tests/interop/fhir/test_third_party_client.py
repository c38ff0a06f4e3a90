"""Third-party clients against the running server (issue 18, "done when"): fhirpy reads and
searches with every parameter the CapabilityStatement lists and follows paging; plain ``requests``
detects a change by ETag and, as a research platform, runs a Bulk Data export with SMART Backend
Services, signing its assertion with joserfc. Nothing here goes through BackActive's own client
code: only the test data is made with our services."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import pytest
import requests
from fhirpy import SyncFHIRClient
from fhirpy.base.exceptions import AuthorizationError, ResourceNotFound
from joserfc import jwt
from joserfc.jwk import ECKey, RSAKey

from backactive.diary.services import activity_entry_create
from backactive.interop.fhir.smart.services import smart_client_register
from backactive.interop.fhir.tokens import token_issue, token_revoke
from backactive.privacy.services import consent_give

from .conftest import Validator
from .factories import fill_record

# A value for every search parameter the server may list ({pk}: the patient, {id}: a resource).
EXAMPLES = {"patient": "{pk}", "subject": "Patient/{pk}", "_id": "{id}", "_lastUpdated": "ge2000-01-01",
            "code": "http://loinc.org|41950-7", "category": "activity", "date": "ge2000-01-01",
            "identifier": "100"}  # fmt: skip


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    # The clients talk to the test server on this machine; never through a proxy.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.django_db(transaction=True)
def test_fhirpy_reads_and_searches_with_every_listed_parameter(live_server: Any, world: Any) -> None:
    made = fill_record(world)
    pk = str(made["patient"].pk)
    token, raw = token_issue(practice=world.practice_x, label="fhirpy", created_by=world.admin_x)
    base = f"{live_server.url}/fhir"
    client = SyncFHIRClient(base, authorization=f"Bearer {raw}")
    statement = requests.get(f"{base}/metadata", timeout=10).json()

    patient = client.reference("Patient", pk).to_resource()
    assert patient.id == pk and patient["gender"] == "female" and "name" not in patient
    searched = 0
    for resource in statement["rest"][0]["resource"]:
        if not resource.get("searchParam"):
            continue
        resource_type = resource["type"]
        scope = {"identifier": "100"} if resource_type == "Patient" else {"patient": pk}
        found = client.resources(resource_type).search(**scope).fetch_all()
        assert found, resource_type
        assert client.reference(resource_type, found[0].id).to_resource()["id"] == found[0].id  # read
        for param in resource["searchParam"]:
            value = EXAMPLES[param["name"]].format(pk=pk, id=found[0].id)
            own = param["name"] in ("patient", "subject")
            query = {param["name"]: value} if own else {**scope, param["name"]: value}
            assert client.resources(resource_type).search(**query).fetch_all(), (resource_type, param["name"])
            searched += 1
        for include in resource.get("searchInclude", []):
            source, _, path = include.partition(":")
            bundle = client.resources(resource_type).search(**scope).include(source, path).fetch_raw()
            assert [e["resource"]["resourceType"] for e in bundle.entry if e["search"]["mode"] == "include"] == [
                "Patient"]  # fmt: skip
    assert searched >= 20

    steps = client.resources("Observation").search(patient=pk, code="41950-7")
    paged = steps.limit(3).fetch_all()  # follows the "next" links
    assert len(paged) == 8 and len({o.id for o in paged}) == 8
    dates = [o["effectiveDateTime"] for o in steps.sort("-date").fetch_all()]
    assert dates == sorted(dates, reverse=True)
    assert steps.search(_summary="count").fetch_raw()["total"] == 8 and steps.count() == 8

    with pytest.raises(ResourceNotFound):
        client.reference("Patient", str(world.patient_y.pk)).to_resource()
    with pytest.raises(AuthorizationError):
        SyncFHIRClient(base).reference("Patient", pk).to_resource()
    token_revoke(token=token)
    with pytest.raises(AuthorizationError):
        client.resources("Observation").search(patient=pk).fetch()


@pytest.mark.django_db(transaction=True)
def test_a_syncing_client_sees_a_change_by_its_etag(live_server: Any, world: Any) -> None:
    made = fill_record(world)
    _token, raw = token_issue(practice=world.practice_x, label="sync", created_by=world.admin_x)
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {raw}", "Accept": "application/fhir+json"})
    base = f"{live_server.url}/fhir"
    weekly = session.get(f"{base}/Observation", params={"patient": made["patient"].pk, "code": "82290-8"}, timeout=10)
    url = next(e["fullUrl"] for e in weekly.json()["entry"] if e["resource"]["id"].startswith("pt"))
    first = session.get(url, timeout=10)
    etag = first.headers["ETag"]
    assert etag.startswith('W/"') and first.headers["Cache-Control"] == "no-store"
    assert session.get(url, headers={"If-None-Match": etag}, timeout=10).status_code == 304
    activity_entry_create(patient=made["patient"], date=made["start"], activity="swimming", minutes=30)
    changed = session.get(url, headers={"If-None-Match": etag}, timeout=10)
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.json()["valueQuantity"]["value"] == first.json()["valueQuantity"]["value"] + 30


def _assertion(key: Any, alg: str, client_id: str, token_url: str) -> str:
    now = int(time.time())
    claims = {"iss": client_id, "sub": client_id, "aud": token_url, "exp": now + 240, "jti": str(uuid.uuid4())}
    return jwt.encode({"alg": alg, "kid": "study-key", "typ": "JWT"}, claims, key, algorithms=[alg])


@pytest.mark.parametrize(("alg", "scope"), [("RS384", "system/*.read"), ("ES384", "system/*.rs")])
@pytest.mark.django_db(transaction=True)
def test_a_research_platform_runs_a_bulk_export_with_smart_backend_services(
    live_server: Any, world: Any, fhir_validator: Validator, alg: str, scope: str
) -> None:
    made = fill_record(world)
    consent_give(patient=made["patient"], purpose="research", version="2026-1")
    key = RSAKey.generate_key(2048, private=True) if alg == "RS384" else ECKey.generate_key("P-384", private=True)
    jwks = json.dumps({"keys": [{**key.as_dict(private=False), "kid": "study-key", "alg": alg}]})
    registered = smart_client_register(practice=world.practice_x, label="Studie", jwks_text=jwks, created_by=None)
    base = f"{live_server.url}/fhir"

    config = requests.get(f"{base}/.well-known/smart-configuration", timeout=10).json()
    token_url = config["token_endpoint"]
    form = {"grant_type": "client_credentials", "scope": scope,
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": _assertion(key, alg, registered.client_id, token_url)}  # fmt: skip
    issued = requests.post(token_url, data=form, timeout=10)
    assert issued.status_code == 200 and issued.json()["expires_in"] <= 300
    auth = {"Authorization": f"Bearer {issued.json()['access_token']}"}

    kick = requests.get(f"{base}/Group/{world.practice_x.pk}/$export", timeout=60,
                        headers={**auth, "Accept": "application/fhir+json", "Prefer": "respond-async"})  # fmt: skip
    assert kick.status_code == 202
    status_url = kick.headers["Content-Location"]
    for _attempt in range(60):
        status = requests.get(status_url, headers=auth, timeout=10)
        if status.status_code != 202:
            break
        time.sleep(min(float(status.headers.get("Retry-After", "1")), 1.0))
    assert status.status_code == 200, status.text
    manifest = status.json()
    assert manifest["requiresAccessToken"] is True and manifest["request"] == kick.request.url
    counts: dict[str, int] = {}
    for output in manifest["output"]:
        assert output["url"].startswith(base)
        assert requests.get(output["url"], timeout=10).status_code == 401  # behind the same authorisation
        data = requests.get(output["url"], headers={**auth, "Accept": "application/fhir+ndjson"}, timeout=10)
        assert data.status_code == 200
        for line in data.text.splitlines():
            resource = json.loads(line)
            assert not fhir_validator.errors(resource), resource
            counts[resource["resourceType"]] = counts.get(resource["resourceType"], 0) + 1
    assert counts["Patient"] == 1 and counts["Observation"] == 4 + 3 + 2 + 8 and counts["CarePlan"] == 2
    assert requests.delete(status_url, headers=auth, timeout=10).status_code == 202
    assert requests.get(status_url, headers=auth, timeout=10).status_code == 404
