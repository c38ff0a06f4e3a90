"""Bad diary input: a specific message, nothing changed, the form keeps what was typed; and the
database refuses the same values when the service is bypassed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from backactive.diary.models import ActivityEntry, PainEntry

TODAY = timezone.localdate


def _count() -> tuple[int, int]:
    return PainEntry.objects.count(), ActivityEntry.objects.count()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"pain": "11"}, "10"),
        ({"pain": "-1"}, "0"),
        ({"pain": "abc"}, "Enter a whole number"),
        ({"date": "2999-01-01"}, "future"),
        ({"date": "not-a-date"}, "valid date"),
    ],
)
def test_bad_pain_entry_is_refused_with_a_message(world: Any, login: Any, data: dict, message: str) -> None:
    client = login(world.clinician_x)
    form = {"date": TODAY().isoformat(), "pain": "5", **data}
    before = _count()
    response = client.post(reverse("diary:pain_create", args=[world.patient_a.pk]), form, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert f'value="{form["pain"]}"' in body or form["pain"] == "abc"  # what was typed stays
    assert _count() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"minutes": "-5"}, "greater than or equal to 1"),
        ({"minutes": "1441"}, "less than or equal to 1440"),
        ({"activity": "parkour_on_roofs"}, "Select a valid choice"),
        ({"intensity": "extreme"}, "Select a valid choice"),
        ({"date": (dt.date.today() + dt.timedelta(days=3)).isoformat()}, "future"),
    ],
)
def test_bad_activity_entry_is_refused_with_a_message(world: Any, login: Any, data: dict, message: str) -> None:
    client = login(world.assistant_x)
    form = {"date": TODAY().isoformat(), "activity": "walking", "minutes": "30", "intensity": "moderate", **data}
    before = _count()
    response = client.post(reverse("diary:activity_create", args=[world.patient_a.pk]), form,
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _count() == before


def test_more_than_24_hours_on_one_day_is_refused(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    url = reverse("diary:activity_create", args=[world.patient_a.pk])
    form = {"date": TODAY().isoformat(), "activity": "walking", "minutes": "1000", "intensity": "light",
            "confirmed": "on"}
    assert client.post(url, form).status_code == 302
    response = client.post(url, {**form, "minutes": "500"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "more than 24 hours" in response.content.decode()
    assert 'value="500"' in response.content.decode()
    assert ActivityEntry.objects.filter(patient=world.patient_a).count() == 1


def test_good_entries_are_stored(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    client.post(reverse("diary:pain_create", args=[world.patient_a.pk]), {"date": TODAY().isoformat(), "pain": "0"})
    client.post(reverse("diary:activity_create", args=[world.patient_a.pk]),
                {"date": TODAY().isoformat(), "activity": "swimming", "minutes": "1440", "intensity": "light",
                 "confirmed": "on"})
    assert PainEntry.objects.get(patient=world.patient_a).pain == 0
    assert ActivityEntry.objects.get(patient=world.patient_a).minutes == 1440


def _refused(**fields: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        model = ActivityEntry if "minutes" in fields or "activity" in fields else PainEntry
        model.objects.create(**fields)


def test_database_refuses_what_the_forms_refuse(world: Any) -> None:
    p = world.patient_a
    today = dt.date.today()
    _refused(patient=p, date=today, pain=11)
    _refused(patient=p, date=today, pain=5, scale="smileys")
    _refused(patient=p, date=today + dt.timedelta(days=5), pain=5)
    _refused(patient=p, date=today, activity="walking", minutes=0)
    _refused(patient=p, date=today, activity="walking", minutes=1441)
    _refused(patient=p, date=today, activity="unknown_code", minutes=10)
    _refused(patient=p, date=today, activity="walking", minutes=10, intensity="extreme")
    _refused(patient=p, date=today + dt.timedelta(days=5), activity="walking", minutes=10)
    ActivityEntry.objects.create(patient=p, date=today, activity="walking", minutes=1000)
    _refused(patient=p, date=today, activity="cycling", minutes=441)
    assert PainEntry.objects.count() == 0 and ActivityEntry.objects.count() == 1


def test_negative_pain_cannot_be_stored(world: Any) -> None:
    # PositiveSmallIntegerField adds its own CHECK (>= 0) on both databases.
    _refused(patient=world.patient_a, date=dt.date.today(), pain=-1)
