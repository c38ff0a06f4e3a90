"""The patient education cards ("Schmerz heißt nicht Schaden", bad days, sleep, work) are on the
patient's plan page, in the patient's language, with or without a plan."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.consultations.factories import make_plan

TITLES = {
    "de": ["Schmerz heißt nicht Schaden", "Ihr Plan für schlechte Tage", "Gut schlafen trotz Rückenschmerzen",
           "Rückenschmerzen und Arbeit"],
    "en": ["Pain does not mean damage", "Your plan for bad days", "Sleeping well with back pain", "Back pain and work"],
}


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("with_plan", [True, False])
def test_the_plan_page_has_the_education_cards(world: Any, login: Any, lang: str, with_plan: bool) -> None:
    if with_plan:
        make_plan(world.patient_a, world.clinician_x)
    world.patient_a.language = lang  # patient pages speak the patient's language (issue 14, item 6)
    world.patient_a.save()
    html = login(world.patient_a_user).get(reverse("me:plan"), HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    cards = html[html.index('aria-labelledby="education-h"'):]
    for title in TITLES[lang]:
        assert f"<summary>{title}</summary>" in cards
    assert 'id="learn-pain_not_damage"' in cards
    assert "<title>" in html and "Good to know" not in html[: html.index("</title>")]
