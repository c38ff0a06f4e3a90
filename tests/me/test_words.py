"""Words a patient uses (issue 14: "Meine Sitzungen", "Schieberegler (visuelle Analogskala)" and
"Einblenden" reached the phone): no patient page, in any of its states, speaks the jargon."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tests.consultations.factories import make_plan
from tests.me.test_pages import PAGES

JARGON = re.compile(r"Sitzung|Schieberegler|Analogskala|Einblenden|Session|slider|analogue scale|"
                    r"\bVAS\b|\bNRS\b|Token|Compliance|Adhärenz", re.IGNORECASE)


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'\b(value|name|id|class|href|data-[\w-]+|for|src|action)="[^"]*"', " ", html)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("scale", ["numeric", "vas", "faces"])
@pytest.mark.parametrize("name", PAGES)
def test_patient_pages_speak_without_jargon(world: Any, login: Any, name: str, scale: str) -> None:
    world.patient_a.pain_scale = scale
    world.patient_a.save()
    make_plan(world.patient_a, world.clinician_x)
    response = login(world.patient_a_user).get(reverse(name))
    assert response.status_code == 200
    assert JARGON.findall(_visible_text(response.content.decode())) == []
