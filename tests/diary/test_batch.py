"""Batch diary writes: the same rules as single entries, duplicates answered not stored, the
audit trail and the retention lock still apply, a bounded number of queries per batch."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backactive.diary.batch import EntryInput, entries_create
from backactive.diary.models import ActivityEntry, PainEntry, Source
from backactive.security.models import AuditEvent

TODAY = dt.date.today()


def _activity(minutes: int, day: dt.date = TODAY, **fields: Any) -> EntryInput:
    return EntryInput("activity", uuid.uuid4(), day, {"activity": "walking", "minutes": minutes, **fields})


def _pain(value: Any, day: dt.date = TODAY) -> EntryInput:
    return EntryInput("pain", uuid.uuid4(), day, {"pain": value, "scale": "vas"})


def test_batch_applies_every_rule_and_answers_in_order(world: Any) -> None:
    p = world.patient_a
    ActivityEntry.objects.create(patient=p, date=TODAY, activity="walking", minutes=1000)
    entries = [_pain(4), _pain(11), _activity(400, confirmed=True), _activity(100, confirmed=True),
               _activity(30, TODAY + dt.timedelta(days=2)),
               _activity(20, activity="parkour"), _pain(3, TODAY - dt.timedelta(days=1))]
    results = entries_create(patient=p, entries=entries, source=Source.PATIENT, entered_by=world.patient_a_user)
    assert [r.status for r in results] == ["created", "invalid", "created", "invalid", "invalid", "invalid", "created"]
    assert "pain" in results[1].errors and "minutes" in results[3].errors
    assert "date" in results[4].errors and "activity" in results[5].errors
    assert sorted(PainEntry.objects.filter(patient=p).values_list("pain", flat=True)) == [3, 4]
    assert ActivityEntry.objects.filter(patient=p).count() == 2  # 1000 + 400 <= 1440; +100 would not be
    assert PainEntry.objects.get(client_id=entries[0].client_id).scale == "vas"


def test_resending_stores_nothing_twice_and_foreign_ids_are_refused(world: Any) -> None:
    entries = [_pain(4), _activity(30)]
    first = entries_create(patient=world.patient_a, entries=entries, source=Source.PATIENT, entered_by=None)
    again = entries_create(patient=world.patient_a, entries=[*entries, entries[0]], source=Source.PATIENT,
                           entered_by=None)
    assert [r.status for r in first] == ["created", "created"]
    assert [r.status for r in again] == ["duplicate", "duplicate", "duplicate"]
    other = entries_create(patient=world.patient_b, entries=entries[:1], source=Source.PATIENT, entered_by=None)
    assert other[0].status == "invalid" and "client_id" in other[0].errors
    assert PainEntry.objects.count() == 1 and ActivityEntry.objects.count() == 1
    twice = _pain(5)
    inside = entries_create(patient=world.patient_a, entries=[twice, twice], source=Source.PATIENT, entered_by=None)
    assert [r.status for r in inside] == ["created", "duplicate"]


def test_batch_is_audited_per_entry_in_a_fixed_number_of_queries(world: Any) -> None:
    before = AuditEvent.objects.filter(patient_id=world.patient_a.pk, action="create").count()
    entries = [_activity(5, TODAY - dt.timedelta(days=i % 20)) for i in range(60)]
    with CaptureQueriesContext(connection) as queries:
        entries_create(patient=world.patient_a, entries=entries, source=Source.PATIENT, entered_by=None)
    assert AuditEvent.objects.filter(patient_id=world.patient_a.pk, action="create").count() == before + 60
    assert len(queries) <= 12, [q["sql"][:80] for q in queries.captured_queries]


def test_a_locked_record_takes_no_batch(world: Any, monkeypatch: Any) -> None:
    from backactive.privacy import services as privacy

    def locked(patient_id: int | None) -> None:
        raise privacy.RecordLocked("locked")

    monkeypatch.setattr(privacy, "guard_write", locked)
    with pytest.raises(PermissionDenied):
        entries_create(patient=world.patient_a, entries=[_pain(2)], source=Source.PATIENT, entered_by=None)
    assert not PainEntry.objects.exists()
