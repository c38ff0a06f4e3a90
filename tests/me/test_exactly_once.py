"""Exactly once on the patient's phone without JavaScript (issue 12, item 4): every form of the
diary carries its own entry id, so a form sent twice stores one entry. Before: the plan buttons
carried "<id>-1", which is no id: nothing was saved."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from backactive.diary.models import ActivityEntry, PainEntry
from tests.consultations.factories import make_plan

FORM = re.compile(r'<form method="post" action="/me/entry/"[^>]*>(.*?)</form>', re.S)
FIELD = re.compile(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"')


def _forms(html: str) -> list[dict[str, str]]:
    return [dict(FIELD.findall(body)) for body in FORM.findall(html)]


def test_a_plan_button_sent_twice_saves_once(world: Any, login: Any) -> None:
    make_plan(world.patient_a, world.clinician_x)
    client = login(world.patient_a_user)
    forms = _forms(client.get(reverse("me:today")).content.decode())
    bridge = next(f for f in forms if f.get("activity") == "bridge")
    for _ in range(2):
        assert client.post(reverse("me:entry"), bridge).status_code == 302
    assert list(ActivityEntry.objects.filter(patient=world.patient_a).values_list("activity", flat=True)) == ["bridge"]
    # Every form on the page has an id of its own.
    ids = [f["client_id"] for f in forms]
    assert len(set(ids)) == len(ids) == len(forms)


def test_a_pain_tap_sent_twice_saves_once_and_a_new_page_is_a_new_entry(world: Any, login: Any) -> None:
    client = login(world.patient_a_user)
    pain = next(f for f in _forms(client.get(reverse("me:today")).content.decode()) if f.get("kind") == "pain")
    for _ in range(2):
        client.post(reverse("me:entry"), {**pain, "pain": "3"})
    again = next(f for f in _forms(client.get(reverse("me:today")).content.decode()) if f.get("kind") == "pain")
    client.post(reverse("me:entry"), {**again, "pain": "5"})
    assert list(PainEntry.objects.filter(patient=world.patient_a).values_list("pain", flat=True)) == [3, 5]
