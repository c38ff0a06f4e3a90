"""The patient's own data: export as CSV and JSON; deleting what they entered themselves, while
what the practice recorded stays (and the page says why)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.urls import reverse
from django.utils import timezone

from backactive.diary.models import ActivityEntry, PainEntry, Source


def _entries(world: Any) -> None:
    today = timezone.localdate()
    PainEntry.objects.create(patient=world.patient_a, date=today, pain=3, source=Source.PATIENT)
    PainEntry.objects.create(patient=world.patient_a, date=today, pain=6, source=Source.PAPER)
    ActivityEntry.objects.create(
        patient=world.patient_a, date=today, activity="walking", minutes=30, source=Source.PATIENT
    )
    PainEntry.objects.create(patient=world.patient_b, date=today, pain=9, source=Source.PATIENT)


def test_json_export_has_everything_of_the_patient_and_nothing_else(world: Any, login: Any) -> None:
    _entries(world)
    response = login(world.patient_a_user).get(reverse("me:export", args=["json"]))
    assert response["Content-Disposition"].startswith("attachment")
    body = json.loads(response.content)
    assert sorted(e["pain_0_10"] for e in body["pain"]) == [3, 6]
    assert body["activity"][0]["minutes"] == 30 and body["activity"][0]["activity"] == "walking"


def test_csv_export(world: Any, login: Any) -> None:
    _entries(world)
    response = login(world.patient_a_user).get(reverse("me:export", args=["csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["kind"] for r in rows] == ["pain", "pain", "activity"]
    assert {r["source"] for r in rows} == {"patient", "paper"}


def test_unknown_format_is_404(world: Any, login: Any) -> None:
    assert login(world.patient_a_user).get(reverse("me:export", args=["xml"])).status_code == 404


def test_delete_all_needs_confirmation_and_keeps_the_practices_entries(world: Any, login: Any) -> None:
    world.patient_a.language = "en"  # the patient's pages follow their record's language
    world.patient_a.save()
    _entries(world)
    client = login(world.patient_a_user)
    page = client.get(reverse("me:data"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "630f" in page and "ten years" in page
    client.post(reverse("me:delete_all"))
    assert PainEntry.objects.filter(patient=world.patient_a).count() == 2
    client.post(reverse("me:delete_all"), {"confirm": "yes"})
    assert list(PainEntry.objects.filter(patient=world.patient_a).values_list("source", flat=True)) == ["paper"]
    assert not ActivityEntry.objects.filter(patient=world.patient_a).exists()
    assert PainEntry.objects.filter(patient=world.patient_b).count() == 1


def test_delete_one_entry_only_own(world: Any, login: Any) -> None:
    _entries(world)
    client = login(world.patient_a_user)
    own = PainEntry.objects.get(patient=world.patient_a, source=Source.PATIENT)
    paper = PainEntry.objects.get(patient=world.patient_a, source=Source.PAPER)
    other = PainEntry.objects.get(patient=world.patient_b)
    assert client.post(reverse("me:entry_delete", args=["pain", paper.pk])).status_code == 404
    assert client.post(reverse("me:entry_delete", args=["pain", other.pk])).status_code == 404
    asked = client.post(reverse("me:entry_delete", args=["pain", own.pk]))  # no reason: asked for one
    assert asked.status_code == 302 and asked["Location"] == reverse("me:entry_correct", args=["pain", own.pk])
    assert PainEntry.objects.filter(pk=own.pk).exists()
    assert client.post(reverse("me:entry_delete", args=["pain", own.pk]), {"reason": "twice"}).status_code == 302
    assert not PainEntry.objects.filter(pk=own.pk).exists()
    assert PainEntry.objects.filter(pk__in=[paper.pk, other.pk]).count() == 2
