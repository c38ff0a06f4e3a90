"""The read replica (issue 16, item 5): the FHIR API's reads and the research export read the
record from a PostgreSQL hot standby (``DATABASE_REPLICA_URL``); credentials, versions (ETags),
Bulk export status and the audit trail stay on the primary, and so does every write.

The router's rules are tested everywhere; the real standby only where there is one: collected on
PostgreSQL, skipped without DATABASE_REPLICA_URL (``.ci/run`` starts a standby by streaming
replication and sets it, and BACKACTIVE_REQUIRE_ALL=1 turns a skip there into a failure)."""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dj_database_url
import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backactive.core import replica
from backactive.core.replica import REPLICA, ReplicaRouter, replica_reads
from backactive.diary.models import PainEntry
from backactive.interop.models import ApiToken, BulkExport, FhirVersion
from backactive.patients.models import Patient
from backactive.security.models import AuditEvent


@pytest.fixture
def replica_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replica, "replica_in_use", lambda: True)


def test_only_the_records_reads_inside_the_block_go_to_the_replica(replica_on: None) -> None:
    router = ReplicaRouter()
    assert router.db_for_read(Patient) == "default"  # outside replica_reads(): the primary
    with replica_reads():
        assert router.db_for_read(Patient) == REPLICA and router.db_for_read(PainEntry) == REPLICA
        # Never from the replica: credentials (a revoked token stops at once), versions (ETags),
        # Bulk export status, the audit trail.
        for model in (ApiToken, FhirVersion, BulkExport, AuditEvent):
            assert router.db_for_read(model) == "default", model
        assert router.db_for_write(Patient) == router.db_for_write(AuditEvent) == "default"
    assert router.db_for_read(Patient) == "default"
    assert router.allow_migrate(REPLICA, "patients") is False and router.allow_migrate("default", "patients")


@pytest.mark.django_db
def test_inside_a_transaction_reads_stay_on_the_primary(replica_on: None) -> None:
    with replica_reads():
        assert ReplicaRouter().db_for_read(Patient) == "default"  # the test runs in a transaction


def test_without_a_replica_everything_is_the_primary(settings: Any) -> None:
    settings.REPLICA_READS = False
    with replica_reads():
        assert ReplicaRouter().db_for_read(Patient) == "default"
    assert replica.replica_read_time(dt.datetime(2026, 11, 27, tzinfo=dt.UTC)) == dt.datetime(
        2026, 11, 27, tzinfo=dt.UTC
    )


if os.environ.get("DATABASE_URL", "").startswith("postgres"):
    # Collected on PostgreSQL only: SQLite has no standby (a skip would fail the SQLite run in CI).

    @pytest.fixture
    def standby(settings: Any) -> Iterator[Any]:
        """The replica alias (a mirror of the primary in tests) pointed at the standby's copy of
        the test database, and replica reads switched on."""
        url = os.environ.get("DATABASE_REPLICA_URL", "")
        if not url:
            pytest.skip("DATABASE_REPLICA_URL is not set: no standby to read from (.ci/run starts one)")
        parsed = dj_database_url.parse(url)
        alias = connections[REPLICA]
        saved = alias.settings_dict
        alias.close()
        alias.settings_dict = {**connections["default"].settings_dict,
                               **{k: parsed[k] for k in ("HOST", "PORT", "USER", "PASSWORD")}}  # type: ignore[literal-required]  # fmt: skip
        settings.REPLICA_READS = True
        try:
            with alias.cursor() as cursor:
                cursor.execute("SELECT pg_is_in_recovery()")
                assert cursor.fetchone()[0] is True, "DATABASE_REPLICA_URL is not a hot standby"
            yield alias
        finally:
            alias.close()
            alias.settings_dict = saved

    def _caught_up(alias: Any) -> None:
        """Wait until the standby has replayed everything the primary has written so far."""
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            lsn = cursor.fetchone()[0]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with alias.cursor() as cursor:
                cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
                if cursor.fetchone()[0]:
                    return
            time.sleep(0.05)
        raise AssertionError("the standby did not catch up within 60 s")

    def _tables(queries: CaptureQueriesContext) -> str:
        return "\n".join(q["sql"] for q in queries.captured_queries)

    @pytest.mark.django_db(transaction=True, databases="__all__")
    def test_api_reads_come_from_the_standby_and_leave_their_audit_rows_on_the_primary(
        world: Any, client: Any, standby: Any
    ) -> None:
        from backactive.interop.fhir.tokens import token_issue, token_revoke

        from .factories import fill_record

        token, raw = token_issue(practice=world.practice_x, label="PVS", created_by=world.admin_x)
        patient = fill_record(world)["patient"]
        _caught_up(standby)
        audited = AuditEvent.objects.filter(patient_id=patient.pk).count()
        with CaptureQueriesContext(standby) as on_replica, CaptureQueriesContext(connections["default"]) as on_primary:
            read = client.get(f"/fhir/Patient/{patient.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}")
            found = client.get("/fhir/Observation", {"patient": patient.pk}, HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert read.status_code == 200 and found.status_code == 200 and found.json()["total"] > 0
        replica_sql, primary_sql = _tables(on_replica), _tables(on_primary)
        assert '"patients_patient"' in replica_sql and '"diary_painentry"' in replica_sql
        assert "INSERT" not in replica_sql and "UPDATE" not in replica_sql
        assert '"patients_patient"' not in primary_sql  # the record was not read twice
        # The credential and the versions (ETags) were read on the primary, and the audit rows written there.
        assert '"interop_apitoken"' in primary_sql and '"interop_fhirversion"' in primary_sql
        assert '"interop_apitoken"' not in replica_sql and '"interop_fhirversion"' not in replica_sql
        assert AuditEvent.objects.filter(patient_id=patient.pk).count() > audited
        assert read["ETag"] == f'W/"{read.json()["meta"]["versionId"]}"'
        # A token revoked a moment ago is refused at once: the standby's lag does not matter.
        token_revoke(token=ApiToken.objects.get(pk=token.pk))
        assert client.get(f"/fhir/Patient/{patient.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401

    @pytest.mark.django_db(transaction=True, databases="__all__")
    def test_the_research_export_reads_the_standby_and_keeps_its_status_on_the_primary(
        world: Any, standby: Any, tmp_path: Path
    ) -> None:
        from backactive.interop.fhir import bulk
        from backactive.interop.fhir.research import RESOURCE_TYPES
        from backactive.interop.models import SmartClient
        from backactive.privacy.services import consent_give

        from .factories import fill_record

        written_from = timezone.now()
        patient = fill_record(world)["patient"]
        consent_give(patient=patient, purpose="research", version="2026-1")
        client = SmartClient.objects.create(practice=world.practice_x, label="Studie", client_id="c-replica",
                                            jwks={"keys": []})  # fmt: skip
        export = BulkExport.objects.create(uid=uuid.uuid4(), client=client, practice=world.practice_x,
                                           request_url="https://praxis.example/fhir/Group/1/$export",
                                           types=list(RESOURCE_TYPES))  # fmt: skip
        _caught_up(standby)
        with CaptureQueriesContext(standby) as on_replica:
            counts = bulk.bulk_export_run(export_id=export.pk)
        export.refresh_from_db()  # status from the primary: the export finished there
        assert export.status == "completed" and counts["Patient"] == 1 and counts["Observation"] > 0
        assert export.files.exists()
        assert '"patients_patient"' in _tables(on_replica) and '"privacy_consent"' in _tables(on_replica)
        assert '"interop_bulkexport"' not in _tables(on_replica)
        # transactionTime is the standby's replay point: after what it had replayed (our record),
        # never later than the run.
        assert export.transaction_time is not None and export.finished_at is not None
        assert written_from <= export.transaction_time <= export.finished_at
