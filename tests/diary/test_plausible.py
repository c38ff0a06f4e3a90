"""Values above a plausible limit ask before they are stored (issue 12, item 5): more than 300
minutes of activity on one day is saved once whoever entered it has confirmed it, on every path.
Before: 1,000 min of gardening was accepted without a question."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from backactive.diary import services
from backactive.diary.models import ActivityEntry, Source
from backactive.diary.trends import monday


def _in_english(world: Any) -> None:
    # The patient's pages speak the record's language, whatever the browser asks for.
    world.patient_a.language = "en"
    world.patient_a.save()


def _minutes(world: Any) -> list[int]:
    return sorted(ActivityEntry.objects.filter(patient=world.patient_a).values_list("minutes", flat=True))


def test_the_service_asks_for_more_than_300_minutes_on_a_day(world: Any) -> None:
    today = timezone.localdate()
    common = {"patient": world.patient_a, "date": today, "activity": "gardening", "source": Source.STAFF}
    with pytest.raises(ValidationError) as asked:
        services.activity_entry_create(**common, minutes=1000)
    assert "confirmed" in asked.value.message_dict
    services.activity_entry_create(**common, minutes=200)
    with pytest.raises(ValidationError):  # 200 + 120: the day's total counts
        services.activity_entry_create(**common, minutes=120)
    services.activity_entry_create(**common, minutes=120, confirmed=True)
    assert _minutes(world) == [120, 200]


def test_the_phone_sync_answers_invalid_with_the_question_until_confirmed(world: Any, login: Any) -> None:
    _in_english(world)
    client = login(world.patient_a_user)
    entry = {"client_id": str(uuid.uuid4()), "kind": "activity", "date": timezone.localdate().isoformat(),
             "activity": "gardening", "minutes": 1000, "intensity": "light"}
    send = lambda e: client.post(reverse("me:sync"), json.dumps({"entries": [e]}),  # noqa: E731
                                 content_type="application/json", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    asked = send(entry)
    assert asked["status"] == "invalid" and "1000 minutes of activity on one day" in asked["errors"]["confirmed"][0]
    assert send({**entry, "confirmed": "yes"})["status"] == "invalid"  # only JSON true confirms
    assert send({**entry, "confirmed": True})["status"] == "created"
    assert _minutes(world) == [1000]


def test_the_patient_form_without_javascript_asks_and_then_saves(world: Any, login: Any) -> None:
    _in_english(world)
    client = login(world.patient_a_user)
    data = {"kind": "activity", "date": timezone.localdate().isoformat(), "client_id": str(uuid.uuid4()),
            "activity": "gardening", "minutes_custom": "400", "intensity": "light"}
    asked = client.post(reverse("me:entry"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert asked.status_code == 302 and "confirm=1" in asked["Location"]
    page = client.get(asked["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "400 minutes of activity on one day" in page and 'name="confirmed"' in page
    assert '<p class="confirm-long" data-confirm>' in page  # shown, not hidden
    assert not _minutes(world)
    client.post(reverse("me:entry"), {**data, "confirmed": "on"})
    assert _minutes(world) == [400]


def test_the_staff_form_asks_and_then_saves(world: Any, login: Any) -> None:
    client = login(world.assistant_x)
    url = reverse("diary:activity_create", args=[world.patient_a.pk])
    data = {"date": timezone.localdate().isoformat(), "activity": "gardening", "minutes": "1000",
            "intensity": "light"}
    asked = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert asked.status_code == 200 and "1000 minutes of activity on one day" in asked.content.decode()
    assert not _minutes(world)
    assert client.post(url, {**data, "confirmed": "on"}).status_code == 302
    assert _minutes(world) == [1000]


def test_the_paper_week_asks_and_then_saves(world: Any, login: Any) -> None:
    client = login(world.assistant_x)
    week = monday(timezone.localdate()) - dt.timedelta(days=7)
    url = reverse("consultations:paper_week", args=[world.patient_a.pk])
    data = {"week": week.isoformat(), "form_id": str(uuid.uuid4()), "activity_0": "gardening",
            "minutes_0": "1000", "intensity_0": "light"}
    asked = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert asked.status_code == 200 and 'name="confirm_0"' in asked.content.decode()
    assert not _minutes(world)
    assert client.post(url, {**data, "confirm_0": "on"}).status_code == 302
    assert _minutes(world) == [1000]


def test_a_plan_button_without_javascript_asks_beside_the_button(world: Any, login: Any) -> None:
    """The plan button's form (walking, 20 min) on a day of 290 minutes: without JavaScript the
    page comes back with the box beside that button; confirmed, it saves."""
    _in_english(world)
    services.activity_entry_create(patient=world.patient_a, date=timezone.localdate(), activity="gardening",
                                   source=Source.STAFF, minutes=290)
    client = login(world.patient_a_user)
    data = {"kind": "activity", "date": timezone.localdate().isoformat(), "client_id": str(uuid.uuid4()),
            "activity": "walking", "minutes": "20", "intensity": "moderate"}
    asked = client.post(reverse("me:entry"), data)
    assert asked.status_code == 302 and "confirm=1" in asked["Location"] and "activity=walking" in asked["Location"]
    page = client.get(asked["Location"]).content.decode()
    card = page.split('id="doables-card"')[1].split("</section>")[0]
    assert '<p class="confirm-long" data-confirm>' in card and 'name="confirmed"' in card
    assert _minutes(world) == [290]
    client.post(reverse("me:entry"), {**data, "confirmed": "on"})
    assert _minutes(world) == [20, 290]
