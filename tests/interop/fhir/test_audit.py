"""Reads through the FHIR API are in the audit trail like reads on screen, naming the token."""

from __future__ import annotations

from typing import Any

from backactive.interop.fhir.tokens import token_issue
from backactive.security.models import AuditEvent


def test_api_reads_and_denials_are_audited(world: Any, client: Any) -> None:
    token, raw = token_issue(practice=world.practice_x, label="PVS", created_by=world.admin_x)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(f"/fhir/Patient/{world.patient_a.pk}", **auth).status_code == 200
    assert client.get("/fhir/CarePlan", {"patient": world.patient_a.pk}, **auth).status_code == 200
    assert client.get(f"/fhir/Patient/{world.patient_y.pk}", **auth).status_code == 404
    views = AuditEvent.objects.filter(action="view", patient_id=world.patient_a.pk, object_type="fhir_token",
                                      object_id=str(token.pk))
    assert views.count() == 2
    assert AuditEvent.objects.filter(action="denied", object_type="fhir_token", object_id=str(token.pk)).count() == 1
