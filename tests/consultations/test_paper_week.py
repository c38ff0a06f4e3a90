"""Staff type a paper diary week on one screen: the same rules as every other path, all or
nothing, and a re-sent form saves nothing twice."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.urls import reverse
from django.utils import timezone

from backactive.diary.models import ActivityEntry, PainEntry, Source
from backactive.diary.trends import monday
from tests.consultations.factories import make_plan


def _week() -> dt.date:
    return monday(timezone.localdate()) - dt.timedelta(days=7)


def test_a_week_is_saved_in_one_go(world: Any, login: Any) -> None:
    make_plan(world.patient_a, world.clinician_x)
    client = login(world.assistant_x)
    page = client.get(reverse("consultations:paper_week", args=[world.patient_a.pk]) + f"?week={_week()}")
    assert page.status_code == 200 and "Bridge" in page.content.decode()
    data = {
        "week": _week().isoformat(),
        "form_id": str(uuid.uuid4()),
        "pain_0": "5",
        "activity_0": "walking",
        "minutes_0": "30",
        "intensity_0": "moderate",
        "pain_2": "4",
        "ex_2_0": "on",
        "pain_6": "3",
    }
    url = reverse("consultations:paper_week", args=[world.patient_a.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the same form again: nothing new
    pain = PainEntry.objects.filter(patient=world.patient_a).order_by("date")
    assert [(p.date - _week()).days for p in pain] == [0, 2, 6]
    assert {p.source for p in pain} == {Source.PAPER} and pain[0].entered_by == world.assistant_x
    activity = ActivityEntry.objects.filter(patient=world.patient_a).order_by("date")
    assert [(a.activity, a.minutes) for a in activity] == [("walking", 30), ("bridge", 10)]


def test_one_bad_cell_saves_nothing_and_keeps_the_typing(world: Any, login: Any) -> None:
    client = login(world.assistant_x)
    data = {
        "week": _week().isoformat(),
        "form_id": str(uuid.uuid4()),
        "pain_0": "5",
        "pain_1": "12",
        "minutes_3": "abc",
    }
    response = client.post(
        reverse("consultations:paper_week", args=[world.patient_a.pk]), data, HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "0 to 10" in html and 'value="12"' in html
    assert not PainEntry.objects.filter(patient=world.patient_a).exists()


def test_other_practices_and_patients_cannot_use_it(world: Any, login: Any) -> None:
    url = reverse("consultations:paper_week", args=[world.patient_a.pk])
    assert login(world.clinician_y).get(url).status_code == 404
    assert login(world.patient_a_user).get(url).status_code == 404


def test_the_week_shows_what_is_stored_and_never_adds_a_second_pain_value_silently(world: Any, login: Any) -> None:
    """Before: pain typed for a day that had a value from the phone was added beside it
    without a word, and the page did not show what the day held."""
    from backactive.diary import services

    monday_ = _week()
    services.pain_entry_create(patient=world.patient_a, date=monday_, pain=4, source=Source.PATIENT)
    services.activity_entry_create(patient=world.patient_a, date=monday_, activity="walking", minutes=20,
                                   source=Source.PATIENT)
    client = login(world.assistant_x)
    url = reverse("consultations:paper_week", args=[world.patient_a.pk])
    page = client.get(f"{url}?week={monday_}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "stored:" in page and "pain 4" in page and "20 min Walking" in page
    data = {"week": monday_.isoformat(), "form_id": str(uuid.uuid4()), "pain_0": "6",
            "activity_0": "walking", "minutes_0": "30", "intensity_0": "moderate"}
    refused = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 200 and "has a pain value already (4)" in refused.content.decode()
    assert 'name="pain_again_0"' in refused.content.decode()
    assert PainEntry.objects.filter(patient=world.patient_a).count() == 1
    assert ActivityEntry.objects.filter(patient=world.patient_a).count() == 1  # all or nothing

    # Staff say so: both values are kept, and a second walk on the same day is simply saved.
    assert client.post(url, {**data, "pain_again_0": "on"}).status_code == 302
    assert client.post(url, {**data, "pain_again_0": "on"}).status_code == 302  # re-sent: nothing new
    assert sorted(PainEntry.objects.filter(patient=world.patient_a).values_list("pain", flat=True)) == [4, 6]
    assert sorted(ActivityEntry.objects.filter(patient=world.patient_a).values_list("minutes", flat=True)) == [20, 30]

    # A form that gave a day its first value, sent again, finds only its own entry: no question.
    first = {"week": monday_.isoformat(), "form_id": str(uuid.uuid4()), "pain_1": "3"}
    assert client.post(url, first).status_code == 302
    assert client.post(url, first).status_code == 302
    assert PainEntry.objects.filter(patient=world.patient_a, date=monday_ + dt.timedelta(days=1)).count() == 1
