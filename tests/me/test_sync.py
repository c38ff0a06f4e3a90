"""The offline batch endpoint: each entry stored once by its client id, one answer per entry,
bad entries refused with reasons, other patients' ids refused, CSRF enforced."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backactive.diary.models import ActivityEntry, PainEntry, Source


def _post(client: Any, entries: list[dict[str, Any]]) -> Any:
    return client.post(reverse("me:sync"), json.dumps({"entries": entries}), content_type="application/json")


def _pain(value: int = 4, **extra: Any) -> dict[str, Any]:
    return {
        "client_id": str(uuid.uuid4()),
        "kind": "pain",
        "date": timezone.localdate().isoformat(),
        "pain": value,
        "scale": "faces",
        **extra,
    }


def test_batch_is_stored_once_however_often_it_is_sent(world: Any, login: Any) -> None:
    client = login(world.patient_a_user)
    entries = [
        _pain(),
        {
            "client_id": str(uuid.uuid4()),
            "kind": "activity",
            "date": timezone.localdate().isoformat(),
            "activity": "walking",
            "minutes": 25,
            "intensity": "light",
        },
    ]
    first = _post(client, entries).json()["results"]
    again = _post(client, entries).json()["results"]
    assert [r["status"] for r in first] == ["created", "created"]
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    pain = PainEntry.objects.get(patient=world.patient_a, source=Source.PATIENT)
    assert (pain.scale, pain.entered_by) == ("faces", world.patient_a_user)
    assert ActivityEntry.objects.filter(patient=world.patient_a, source=Source.PATIENT).count() == 1


def test_bad_entries_are_answered_one_by_one(world: Any, login: Any) -> None:
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    results = _post(login(world.patient_a_user), [_pain(11), _pain(3, date=tomorrow), _pain(2), {"kind": "pain"}])
    statuses = [r["status"] for r in results.json()["results"]]
    assert statuses == ["invalid", "invalid", "created", "invalid"]
    assert "pain" in results.json()["results"][0]["errors"]
    assert "date" in results.json()["results"][1]["errors"]


def test_another_patients_entry_id_is_refused(world: Any, login: Any) -> None:
    entry = _pain()
    _post(login(world.patient_a_user), [entry])
    result = _post(login(world.patient_b_user), [entry]).json()["results"][0]
    assert result["status"] == "invalid"
    assert PainEntry.objects.filter(patient=world.patient_b).count() == 0


def test_malformed_body_is_a_400(world: Any, login: Any) -> None:
    client = login(world.patient_a_user)
    assert client.post(reverse("me:sync"), "nope", content_type="application/json").status_code == 400
    assert _post(client, [_pain()] * 201).status_code == 400


def test_csrf_is_required(world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.patient_a_user)
    assert _post(client, [_pain()]).status_code == 403
    client.get(reverse("me:today"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("me:sync"), json.dumps({"entries": [_pain()]}), content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200


def test_form_route_without_javascript(world: Any, login: Any) -> None:
    client = login(world.patient_a_user)
    data = {
        "kind": "activity",
        "date": timezone.localdate().isoformat(),
        "client_id": str(uuid.uuid4()),
        "activity": "bridge",
        "minutes": "20",
        "minutes_custom": "35",
        "intensity": "moderate",
    }
    # A chip and a typed number both sent: which came last is not known here, so nothing is
    # saved and the page asks (before: the typed 35 won silently over the chip tapped last).
    refused = client.post(reverse("me:entry"), data, follow=True)
    assert "gewählt (20) und eingetippt (35)" in refused.content.decode()
    assert not ActivityEntry.objects.filter(patient=world.patient_a).exists()
    data["minutes"] = ""
    client.post(reverse("me:entry"), data)
    client.post(reverse("me:entry"), data)  # a double tap
    [entry] = ActivityEntry.objects.filter(patient=world.patient_a)
    assert entry.minutes == 35


def test_a_racing_duplicate_is_answered_as_duplicate(world: Any, login: Any, monkeypatch: Any) -> None:
    """Two requests carrying the same entry at the same moment: the loser of the race hits the
    unique client id and must answer "duplicate", not fail the batch."""
    from django.db import IntegrityError

    from backactive.diary import sync

    entry = _pain()
    client = login(world.patient_a_user)
    _post(client, [entry])

    def racing(**kwargs: Any) -> Any:
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(sync, "entry_save", racing)
    results = _post(client, [entry]).json()["results"]
    assert results == [{"client_id": entry["client_id"], "status": "duplicate"}]


def test_one_entry_is_a_few_queries_and_keeps_its_audit_rows(world: Any, login: Any,
                                                              django_assert_max_num_queries: Any) -> None:
    """The phone sends one entry per request while online: the request's fixed cost is what
    limits writes per second (issue 16, item 7). Session, user with the patient's record, the
    access row, the patient lock, the id check, the retention lock, the INSERT and its audit row,
    in one transaction (the savepoints are the test's and the batch's)."""
    from backactive.security.models import AuditEvent

    client = login(world.patient_a_user)
    _post(client, [_pain()])
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    entry = _pain()
    with django_assert_max_num_queries(12):
        result = _post(client, [entry]).json()["results"][0]
    assert result["status"] == "created"
    assert PainEntry.objects.filter(client_id=entry["client_id"], patient=world.patient_a).count() == 1
    rows = AuditEvent.objects.exclude(pk__in=before).filter(patient_id=world.patient_a.pk)
    assert sorted(rows.values_list("action", flat=True)) == ["create", "view"]
