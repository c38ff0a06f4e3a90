"""The patient education cards ("Schmerz heißt nicht Schaden", bad days, sleep, work) are printed on
the handout and shown in its preview, in the handout's language, whatever the plan holds."""

from __future__ import annotations

from typing import Any

import pytest
from django.template.loader import render_to_string

from backactive.handouts.preview import preview_context
from backactive.handouts.render import render_handout
from tests.handouts.helpers import pdf_pages

CARDS = {
    "de": ("Gut zu wissen", ["Schmerz heißt nicht Schaden", "Ihr Plan für schlechte Tage",
                             "Gut schlafen trotz Rückenschmerzen", "Rückenschmerzen und Arbeit"],
           "Lange Bettruhe macht Rückenschmerzen eher länger."),
    "en": ("Good to know", ["Pain does not mean damage", "Your plan for bad days", "Sleeping well with back pain",
                            "Back pain and work"],
           "Long bed rest tends to make back pain last longer."),
}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_handout_prints_every_education_card(lang: str, plan_de: dict[str, Any], plan_en: dict[str, Any]) -> None:
    heading, titles, sentence = CARDS[lang]
    pages = pdf_pages(render_handout(plan_de if lang == "de" else plan_en))
    text = " ".join(pages[:-1])  # not on the diary sheet, which stays last
    assert heading in text and sentence in text
    for title in titles:
        assert title in text


def test_a_bare_recommendation_gets_the_cards_in_the_language_asked_for(minimal_plan: dict[str, Any]) -> None:
    heading, titles, _ = CARDS["de"]
    text = " ".join(pdf_pages(render_handout(minimal_plan, lang="de")))
    assert heading in text and all(title in text for title in titles)


def test_the_preview_shows_the_cards(plan_en: dict[str, Any]) -> None:
    heading, titles, sentence = CARDS["en"]
    html = render_to_string("handouts/_handout.html", {"h": preview_context(plan_en)})
    assert f"<h3>{heading}</h3>" in html and sentence in html
    for title in titles:
        assert f"<h4>{title}</h4>" in html
