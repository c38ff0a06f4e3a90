"""A guided session logs one activity entry (by its client id, so exactly once) and keeps "Wie
ging es?" and the levels done, which the progression rule reads on the plan page."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from backactive.consultations.models import PlanItem
from backactive.diary.models import ActivityEntry, PainEntry, Source
from backactive.exercises.models import ExerciseSession
from tests.consultations.factories import make_plan


def _session_entry(felt: str = "right", day: dt.date | None = None, **session: Any) -> dict[str, Any]:
    return {
        "client_id": str(uuid.uuid4()),
        "kind": "activity",
        "date": (day or timezone.localdate()).isoformat(),
        "activity": "exercise_session",
        "minutes": 9,
        "intensity": "light",
        "session": {"felt": felt, "exercises": [{"code": "bridge", "level": 2}], **session},
    }


@pytest.fixture(autouse=True)
def _commits(django_capture_on_commit_callbacks: Any) -> None:
    global _capture
    _capture = django_capture_on_commit_callbacks


_capture: Any = None


def _sync(client: Any, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # The session is stored when the entry's transaction commits: run those callbacks now.
    with _capture(execute=True):
        response = client.post(reverse("me:sync"), json.dumps({"entries": entries}), content_type="application/json")
    assert response.status_code == 200
    return response.json()["results"]


def test_a_session_is_one_entry_and_one_session_however_often_it_is_sent(world: Any, login: Any) -> None:
    client = login(world.patient_a_user)
    entry = _session_entry("easy")
    assert [r["status"] for r in _sync(client, [entry])] == ["created"]
    assert [r["status"] for r in _sync(client, [entry, entry])] == ["duplicate", "duplicate"]
    stored = ActivityEntry.objects.get(patient=world.patient_a)
    assert (stored.activity, stored.minutes, stored.source) == ("exercise_session", 9, Source.PATIENT)
    session = ExerciseSession.objects.get(patient=world.patient_a)
    assert session.entry == stored and session.felt == "easy" and session.exercises == [{"code": "bridge", "level": 2}]


def test_a_bad_session_is_refused_with_its_reason(world: Any, login: Any) -> None:
    client = login(world.patient_a_user)
    bad = [
        _session_entry("great"),
        _session_entry(exercises=[{"code": "bridge", "level": 7}]),
        {**_session_entry(), "session": "{not json"},
    ]
    results = _sync(client, bad)
    assert [r["status"] for r in results] == ["invalid"] * 3
    assert all("session" in r["errors"] for r in results)
    assert not ActivityEntry.objects.exists() and not ExerciseSession.objects.exists()


def test_without_javascript_the_form_posts_the_session(world: Any, login: Any) -> None:
    client = login(world.patient_a_user)
    form = {
        "client_id": str(uuid.uuid4()),
        "kind": "activity",
        "date": timezone.localdate().isoformat(),
        "activity": "exercise_session",
        "minutes": "9",
        "intensity": "light",
        "felt": "too_hard",
        "session": json.dumps({"exercises": [{"code": "bridge", "level": 3}]}),
    }
    with _capture(execute=True):
        assert client.post(reverse("me:entry"), form).status_code == 302
    session = ExerciseSession.objects.get(patient=world.patient_a)
    assert session.felt == "too_hard" and session.exercises == [{"code": "bridge", "level": 3}]


def test_the_session_page_holds_every_level_of_each_exercise(world: Any, login: Any) -> None:
    make_plan(world.patient_a, world.clinician_x)
    body = login(world.patient_a_user).get(reverse("me:session"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert body.count('class="session-step card" data-code="bridge" data-level="2"') == 1
    assert body.count('class="level-card"') == 3 and body.count("<animate ") > 10
    assert "Wie ging es?" in body and 'name="felt" value="too_hard"' in body
    assert 'value="exercise_session"' in body and "session.js" in body


def test_two_good_weeks_bring_a_proposal_and_a_hard_day_an_easier_one(world: Any, login: Any) -> None:
    make_plan(world.patient_a, world.clinician_x)
    bridge = PlanItem.objects.get(plan__patient=world.patient_a, code="bridge")
    client = login(world.patient_a_user)
    today = timezone.localdate()
    entries = [_session_entry("right", today - dt.timedelta(days=n)) for n in (12, 9, 5, 2)]
    _sync(client, entries)
    for n in range(0, 21):
        PainEntry.objects.create(
            patient=world.patient_a,
            date=today - dt.timedelta(days=n),
            pain=4,
            client_id=uuid.uuid4(),
            source=Source.PATIENT,
        )
    world.patient_a.language = "en"  # patient pages speak the patient's language (issue 14, item 6)
    world.patient_a.save()
    page = client.get(reverse("me:plan"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Two good weeks at this level" in page
    bridge.level = 2
    bridge.save()
    _sync(client, [_session_entry("too_hard", today)])
    page = client.get(reverse("me:plan"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "It was too hard last time" in page and "Two good weeks" not in page
