"""Correct and correctable (issue 12, item 5): staff and patients correct and delete diary
entries with a reason; the history keeps who, when, the old value and the new one (and is in the
audit trail); the chart and the analysis use the corrected value. Before: the GP's diary list had
no edit or delete, and a wrong 1,000 minutes stayed in the chart."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from backactive.diary import selectors, services
from backactive.diary.models import ActivityEntry, EntryCorrection, PainEntry, Source
from backactive.security.models import AuditEvent


def _activity(world: Any, minutes: int, source: str = Source.PATIENT) -> ActivityEntry:
    saved = services.activity_entry_create(patient=world.patient_a, date=timezone.localdate(), activity="gardening",
                                           minutes=minutes, source=source, confirmed=True)
    return saved.entry  # type: ignore[return-value]


def test_staff_correct_an_entry_with_a_reason_and_the_chart_follows(world: Any, login: Any) -> None:
    wrong = _activity(world, 1000)
    client = login(world.assistant_x)
    url = reverse("diary:entry_correct", args=[world.patient_a.pk, "activity", wrong.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="1000"' in page and 'name="reason"' in page
    listed = client.get(reverse("diary:list", args=[world.patient_a.pk])).content.decode()
    assert url in listed  # the diary list links every entry to its correction page
    data = {"date": wrong.date.isoformat(), "activity": "gardening", "minutes": "100", "intensity": "moderate",
            "action": "save"}
    refused = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")  # no reason
    assert refused.status_code == 200 and ActivityEntry.objects.get().minutes == 1000
    assert client.post(url, {**data, "reason": "typed 1000 for 100 (paper says 100)"}).status_code == 302

    [entry] = ActivityEntry.objects.filter(patient=world.patient_a)
    assert entry.minutes == 100 and entry.source == Source.PATIENT and entry.entered_by == world.assistant_x
    assert selectors.diary_series(world.patient_a)[1] == [(entry.date, 100)]  # the chart's input
    [history] = EntryCorrection.objects.filter(patient=world.patient_a)
    assert history.old["minutes"] == 1000 and history.new["minutes"] == 100
    assert history.by == world.assistant_x and history.reason.startswith("typed 1000")
    assert AuditEvent.objects.filter(object_type="diary.entrycorrection", object_id=str(history.pk),
                                     actor_id=world.assistant_x.pk, patient_id=world.patient_a.pk).exists()
    shown = client.get(reverse("diary:list", args=[world.patient_a.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Corrections" in shown and "typed 1000 for 100" in shown and "1000 min" in shown


def test_staff_delete_an_entry_with_a_reason(world: Any, login: Any) -> None:
    pain = services.pain_entry_create(patient=world.patient_a, date=timezone.localdate(), pain=8,
                                      source=Source.PAPER).entry
    client = login(world.clinician_x)
    url = reverse("diary:entry_correct", args=[world.patient_a.pk, "pain", pain.pk])
    assert client.post(url, {"action": "delete", "reason": "another patient's sheet"}).status_code == 302
    assert not PainEntry.objects.filter(patient=world.patient_a).exists()
    [history] = EntryCorrection.objects.all()
    assert history.old["pain"] == 8 and history.new is None and history.source == Source.PAPER
    assert client.post(url, {"action": "delete", "reason": "again"}).status_code == 404  # sent twice: gone


def test_corrected_values_are_checked_like_new_ones(world: Any, login: Any) -> None:
    wrong = _activity(world, 100)
    client = login(world.clinician_x)
    url = reverse("diary:entry_correct", args=[world.patient_a.pk, "activity", wrong.pk])
    data = {"date": wrong.date.isoformat(), "activity": "gardening", "minutes": "600", "intensity": "moderate",
            "action": "save", "reason": "the patient said so"}
    asked = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert asked.status_code == 200 and "600 minutes of activity on one day" in asked.content.decode()
    future = {**data, "minutes": "50", "date": (timezone.localdate() + dt.timedelta(days=3)).isoformat()}
    assert client.post(url, future).status_code == 200
    assert ActivityEntry.objects.get().minutes == 100 and not EntryCorrection.objects.exists()  # all rolled back
    assert client.post(url, {**data, "confirmed": "on"}).status_code == 302
    assert ActivityEntry.objects.get().minutes == 600


def test_the_patient_corrects_and_deletes_own_entries_only(world: Any, login: Any) -> None:
    own = _activity(world, 45)
    paper = _activity(world, 30, source=Source.PAPER)
    client = login(world.patient_a_user)
    today = client.get(reverse("me:today")).content.decode()
    assert reverse("me:entry_correct", args=["activity", own.pk]) in today
    assert reverse("me:entry_correct", args=["activity", paper.pk]) not in today
    assert client.get(reverse("me:entry_correct", args=["activity", paper.pk])).status_code == 404
    url = reverse("me:entry_correct", args=["activity", own.pk])
    data = {"date": own.date.isoformat(), "activity": "walking", "minutes": "25", "intensity": "light",
            "action": "save", "reason": "value"}
    assert client.post(url, data).status_code == 302
    corrected = ActivityEntry.objects.get(patient=world.patient_a, source=Source.PATIENT)
    assert (corrected.activity, corrected.minutes) == ("walking", 25)
    url = reverse("me:entry_correct", args=["activity", corrected.pk])
    assert client.post(url, {"action": "delete", "reason": "twice"}).status_code == 302
    assert list(ActivityEntry.objects.filter(patient=world.patient_a).values_list("minutes", flat=True)) == [30]
    history = list(EntryCorrection.objects.filter(patient=world.patient_a).order_by("at", "id"))
    assert [(h.old["minutes"], (h.new or {}).get("minutes"), h.by_role) for h in history] == [
        (45, 25, "patient"), (25, None, "patient")]
    # Other people's entries: 404, nothing changed.
    assert login(world.patient_b_user).post(url, {"action": "delete", "reason": "twice"}).status_code == 404

    # "Delete all my data" takes the history of the patient's own entries with it.
    login(world.patient_a_user).post(reverse("me:delete_all"), {"confirm": "yes"})
    assert not EntryCorrection.objects.filter(patient=world.patient_a).exists()
