"""What ``backactive recommend`` prints goes straight into a handout, with the knowledge base's
instructions and drawings for the chosen exercises."""

from __future__ import annotations

from typing import Any

import pytest

from backactive.handouts.context import handout_context
from backactive.handouts.render import render_handout
from backactive.recommendations import knowledge
from backactive.recommendations.engine import recommend
from tests.handouts.helpers import pdf_text

PROFILE: dict[str, Any] = {
    "age": 58,
    "pain": 6,
    "active_minutes_per_week": 30,
    "barriers": ["fear_avoidance", "time", "loneliness"],
    "conditions": ["knee_osteoarthritis"],
    "red_flags": [],
    "preferences": {"social": "group", "setting": "any", "enjoys": []},
    "max_minutes_per_session": 30,
    "wants_goals": True,
    "wants_reminders": True,
}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_an_engine_plan_prints_with_known_instructions_and_drawings(lang: str) -> None:
    plan = recommend(PROFILE, lang=lang)
    exercises = [i for i in plan["items"] if i["kind"] == "exercise"]
    assert exercises, "the profile should yield at least one exercise"
    context = handout_context(plan)
    for shown in context["exercises"]:
        assert shown["steps"] == [knowledge.item_instructions(shown["code"], lang)]
        if knowledge.drawing_path(shown["code"]):
            assert shown["drawing_svg"].lstrip().startswith("<svg")
    assert context["goal"] == [plan["goals"]["text"]]
    text = pdf_text(render_handout(plan))
    for item in plan["items"]:
        assert item["title"] in text


def test_an_engine_plan_with_a_red_flag_is_refused() -> None:
    from backactive.handouts.validation import HandoutInputError

    plan = recommend({**PROFILE, "red_flags": ["cauda_equina"]}, lang="de")
    with pytest.raises(HandoutInputError, match="needs clinical review first"):
        render_handout(plan)
