"""Issue 11 on paper: the handout tells the patient when to seek help and what to do on a bad day,
prints exercise doses that agree with the plan, and shows a weekly target and its progression
only to a patient who wanted goals."""

from __future__ import annotations

import re
from typing import Any

import pytest

from backactive.handouts.context import LABELS, handout_context
from backactive.handouts.render import render_handout
from backactive.handouts.validation import HandoutInputError, validate_handout_input
from backactive.recommendations import knowledge
from backactive.recommendations.engine import recommend
from tests.handouts.helpers import pdf_text

PROFILE: dict[str, Any] = {
    "age": 58,
    "pain": 6,
    "active_minutes_per_week": 30,
    "barriers": ["fear_avoidance", "time"],
    "conditions": ["heart_disease"],
    "preferences": {"social": "any", "setting": "home", "enjoys": []},
    "max_minutes_per_session": 30,
    "wants_goals": False,
    "wants_reminders": False,
}
TARGET_WORDS = {
    "de": ("Ziel", "Danach jede Woche etwas mehr", "Wochenziel"),
    "en": ("goal", "a little more each week", "Weekly aim"),
}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_without_goals_no_target_progression_or_goal_is_printed(lang: str) -> None:
    plan = recommend(PROFILE, lang=lang)
    context = handout_context(plan)
    assert context["aim"] == [LABELS[lang]["aim_free"]]
    assert context["prescription"]["total"] == LABELS[lang]["prescription_free"]
    assert context["goal"] == []
    text = pdf_text(render_handout(plan))
    for words in TARGET_WORDS[lang]:
        assert not re.search(rf"\b{words}\b", text, re.IGNORECASE), words
    assert "150" not in text


@pytest.mark.parametrize("lang", ["de", "en"])
def test_with_goals_the_target_and_its_steps_are_printed(lang: str) -> None:
    plan = recommend({**PROFILE, "wants_goals": True}, lang=lang)
    text = pdf_text(render_handout(plan))
    assert plan["goals"]["text"] in text
    assert LABELS[lang]["target"].format(minutes=150) in text


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_safety_net_and_the_flare_up_plan_are_printed(lang: str) -> None:
    plan = recommend(PROFILE, lang=lang)
    text = pdf_text(render_handout(plan))
    assert LABELS[lang]["safety_heading"] in text and LABELS[lang]["flare_heading"] in text
    for entry in plan["safety_net"]:
        assert entry["text"] in text
    assert any(e["code"] == "heart_disease" for e in plan["safety_net"])
    assert plan["flare_up"]["text"] in text
    assert plan["flare_up"]["items"]
    for item in plan["flare_up"]["items"]:
        assert item["title"] in text


def test_an_older_plan_without_them_still_gets_the_general_safety_net_and_flare_up_text(
    minimal_plan: dict[str, Any],
) -> None:
    minimal_plan.pop("safety_net", None)
    minimal_plan.pop("flare_up", None)
    context = handout_context(minimal_plan)
    assert context["safety_net"] == [e["text"] for e in knowledge.general_safety_net("en")]
    assert context["flare_up"] == {"text": knowledge.flare_up_text("en"), "items": []}
    text = pdf_text(render_handout(minimal_plan))
    assert "112" in text and knowledge.flare_up_text("en") in text


def test_exercises_print_their_dose_and_the_minutes_agree() -> None:
    plan = recommend(PROFILE, lang="en")
    context = handout_context(plan)
    assert context["exercises"]
    for shown, item in zip(context["exercises"], [i for i in plan["items"] if i["kind"] == "exercise"], strict=True):
        dose = knowledge.item(item["code"]).dose
        assert dose is not None
        assert knowledge.dose_text(dose, "en") in shown["line"]
        assert f"about {item['minutes']} min" in shown["line"]
    rows = {r["code"]: r for r in context["prescription"]["rows"]}
    assert rows["seated_march"]["hard"] == LABELS["en"]["intensity_light"]  # the knowledge's intensity


def test_a_flare_up_exercise_already_in_the_plan_is_not_described_twice() -> None:
    profile = {
        **PROFILE,
        "conditions": ["knee_osteoarthritis", "heart_disease"],
        "barriers": ["fear_avoidance", "time", "loneliness"],
        "preferences": {"social": "any", "setting": "any", "enjoys": []},
    }
    plan = recommend(profile, lang="de")
    context = handout_context(plan)
    planned = {e["code"] for e in context["exercises"]}
    flare = {i["code"]: i for i in plan["flare_up"]["items"]}
    both = planned & set(flare)
    assert both, "the profile should share an exercise between the plan and the flare-up plan"
    shown = {i["title"]: i for i in context["flare_up"]["items"]}
    for code in both:
        assert shown[flare[code]["title"]]["line"] == LABELS["de"]["flare_see_above"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"safety_net": "call us"}, "safety_net: must be a list"),
        ({"safety_net": [{"code": "x"}]}, "safety_net[0].text: must be a string"),
        ({"flare_up": {"items": []}}, "flare_up.text: must be a string"),
        ({"flare_up": {"text": "rest", "items": [{"code": "x"}]}}, "flare_up.items[0]: lacks 'kind'"),
    ],
)
def test_bad_safety_input_is_refused_naming_the_key(
    minimal_plan: dict[str, Any], change: dict[str, Any], message: str
) -> None:
    with pytest.raises(HandoutInputError, match=re.escape(message)):
        validate_handout_input({**minimal_plan, **change})


def test_a_bad_dose_is_refused(minimal_plan: dict[str, Any]) -> None:
    item = {"code": "bridge", "kind": "exercise", "title": "Bridge", "why": "", "dose": {"sets": 2, "per_side": False}}
    with pytest.raises(HandoutInputError, match=r"items\[0\]\.dose: needs reps or hold_seconds"):
        validate_handout_input({**minimal_plan, "items": [item]})
