"""A third-party FHIR client (fhirpy's SyncFHIRClient) reads the API from the running server."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fhirpy import SyncFHIRClient
from fhirpy.base.exceptions import AuthorizationError, ResourceNotFound

from backactive.interop.fhir.tokens import token_issue, token_revoke

from .factories import fill_record


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    # The client talks to the test server on this machine; never through a proxy.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.django_db(transaction=True)
def test_fhirpy_reads_patient_observations_and_careplans(live_server: Any, world: Any) -> None:
    made = fill_record(world)
    patient_id = str(made["patient"].pk)
    token, raw = token_issue(practice=world.practice_x, label="fhirpy", created_by=world.admin_x)
    client = SyncFHIRClient(f"{live_server.url}/fhir", authorization=f"Bearer {raw}")

    patient = client.reference("Patient", patient_id).to_resource()
    assert patient["resourceType"] == "Patient" and patient.id == patient_id
    assert patient["gender"] == "female" and "name" not in patient

    steps = client.resources("Observation").search(patient=patient_id, code="http://loinc.org|41950-7").fetch_all()
    assert len(steps) == 8 and all(o["valueQuantity"]["code"] == "/d" for o in steps)
    paged = client.resources("Observation").search(patient=patient_id, code="41950-7").limit(3).fetch_all()
    assert sorted(o.id for o in paged) == sorted(o.id for o in steps)  # followed the "next" links
    start = made["start"]
    second_week = (
        client.resources("Observation")
        .search(patient=patient_id, code="41950-7", date__ge=str(start + dt.timedelta(days=7)))
        .search(date__le=str(start + dt.timedelta(days=10)))
        .fetch()
    )
    assert sorted(o["effectiveDateTime"] for o in second_week) == [
        str(start + dt.timedelta(days=8)), str(start + dt.timedelta(days=10))]  # fmt: skip
    pain = client.resources("Observation").search(patient=f"Patient/{patient_id}", code="72514-3").fetch()
    assert sorted(o["valueQuantity"]["value"] for o in pain) == [4, 5, 5, 6]

    plans = client.resources("CarePlan").search(patient=patient_id).fetch()
    assert sorted(p["status"] for p in plans) == ["active", "revoked"]
    assert client.resources("CarePlan").search(patient=str(world.patient_y.pk)).fetch() == []

    with pytest.raises(ResourceNotFound):
        client.reference("Patient", str(world.patient_y.pk)).to_resource()
    with pytest.raises(AuthorizationError):
        SyncFHIRClient(f"{live_server.url}/fhir").reference("Patient", patient_id).to_resource()
    token_revoke(token=token)
    with pytest.raises(AuthorizationError):
        client.resources("Observation").search(patient=patient_id).fetch()
