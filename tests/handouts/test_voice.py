"""The handout speaks to the patient in one voice (issue 14, item 7): it addresses the patient
("Ihr Bewegungsplan", "Was Sie sich vornehmen") and never switches to the patient's own first
person ("Mein Bewegungsplan", "Was ich mir vornehme") on another heading."""

from __future__ import annotations

import re
from typing import Any

import pytest

from backactive.handouts.context import LABELS
from backactive.handouts.render import render_handout
from tests.handouts.helpers import pdf_text

FIRST_PERSON = {
    "de": re.compile(r"\b(ich|mir|mich|mein|meine|meinen|meinem|meiner|meines)\b", re.IGNORECASE),
    "en": re.compile(r"\b(I|me|my|mine|myself)\b"),
}
ADDRESS = {"de": re.compile(r"\b(Sie|Ihr|Ihre|Ihren|Ihrem|Ihrer)\b"), "en": re.compile(r"\b(you|your)\b", re.I)}


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_handout_label_addresses_the_patient(lang: str) -> None:
    first_person = [(key, text) for key, value in LABELS[lang].items()
                    for text in _strings(value) if FIRST_PERSON[lang].search(text)]
    assert first_person == []
    assert ADDRESS[lang].search(LABELS[lang]["title"]), "the title addresses the patient"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_printed_handout_never_switches_to_the_first_person(
    lang: str, plan_de: dict[str, Any], plan_en: dict[str, Any]
) -> None:
    plan = plan_de if lang == "de" else plan_en
    text = pdf_text(render_handout(plan))
    # The goal is the patient's own sentence ("Wieder mit meiner Enkelin ..."), quoted as said.
    assert plan["goal"]["text"] in text
    text = text.replace(plan["goal"]["text"], "")
    assert FIRST_PERSON[lang].findall(text) == []
    assert len(ADDRESS[lang].findall(text)) >= 5
