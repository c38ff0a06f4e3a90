"""Bad handout input is refused with a message that names the key and the problem."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from backactive.handouts.render import render_handout
from backactive.handouts.validation import HandoutInputError, validate_handout_input
from tests.handouts.helpers import load_plan

Change = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Change:
    def change(plan: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = plan
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        if value is _DELETE:
            del target[last]
        else:
            target[last] = value

    return change


_DELETE = object()

CASES: list[tuple[str, Change, str]] = [
    ("no status", _set("status", _DELETE), "input: lacks 'status'"),
    ("no items", _set("items", _DELETE), "input: lacks 'items'"),
    ("unknown status", _set("status", "maybe"), "status: must be one of ok, needs_clinical_review"),
    ("unknown lang", _set("lang", "fr"), "lang: must be one of de, en, tr, ru, uk, ar, pl, got 'fr'"),
    ("negative target", _set("weekly_target_minutes", -5), "weekly_target_minutes: must be between 0"),
    ("target as text", _set("first_week_minutes", "70"), "first_week_minutes: must be a number"),
    ("target as bool", _set("first_week_minutes", True), "first_week_minutes: must be a number"),
    ("fractional target", _set("weekly_target_minutes", 150.5), "must be a whole number"),
    ("items not a list", _set("items", {}), "items: must be a list"),
    ("empty plan", _set("items", []), "items: the plan has no items to print"),
    ("item without title", _set("items.0.title", _DELETE), "items[0]: lacks 'title'"),
    ("unknown kind", _set("items.1.kind", "pill"), "items[1].kind: must be one of activity"),
    ("minutes too long", _set("items.0.minutes", 900), "items[0].minutes: must be between 0 and 600"),
    ("unknown setting", _set("items.0.setting", "moon"), "items[0].setting: must be one of"),
    ("unknown intensity", _set("items.0.intensity", "extreme"), "items[0].intensity: must be one of"),
    ("times per week 0", _set("items.0.times_per_week", 0), "items[0].times_per_week: must be between 1"),
    ("times per week 22", _set("items.0.times_per_week", 22), "items[0].times_per_week: must be between 1 and 21"),
    ("offer details without name", _set("items.3.details", {"address": "x"}), "items[3].details.name: must be"),
    ("bad created", _set("created", "gestern"), "created: must be an ISO date"),
    ("strategies not strings", _set("items.0.strategies", [1]), "items[0].strategies: must be a list"),
    ("patient not object", _set("patient", "Erika"), "patient: must be a JSON object"),
    ("unknown pain scale", _set("patient.pain_scale", "stars"), "patient.pain_scale: must be one of"),
    ("practice without name", _set("practice.name", ""), "practice.name: must not be empty"),
    ("offer without name", _set("offers.0.name", _DELETE), "offers[0].name: must be a string"),
    ("times with a number", _set("offers.0.times", ["Mo", 5]), "offers[0].times[1]: must be a string"),
    ("certified as number", _set("offers.0.certified", 20), "offers[0].certified: must be a string"),
    ("negative distance", _set("offers.0.distance_km", -1), "offers[0].distance_km: must be between 0"),
    ("rehasport as text", _set("offers.1.rehasport", "yes"), "offers[1].rehasport: must be true or false"),
    ("chart not svg", _set("chart_svg", "<html/>"), "chart_svg: must have <svg> as its root element"),
    ("chart malformed", _set("chart_svg", "<svg><g></svg>"), "chart_svg: is not well-formed SVG"),
    (
        "chart with doctype",
        _set("chart_svg", '<!DOCTYPE svg [<!ENTITY a "b">]><svg/>'),
        "chart_svg: must not contain a DOCTYPE",
    ),
    ("drawing malformed", _set("exercises.bridge.drawing_svg", "<svg"), "exercises.bridge.drawing_svg"),
    ("goal zero", _set("goal.weekly_minutes", 0), "goal.weekly_minutes: must be between 1"),
    ("invitation without url", _set("invitation.url", _DELETE), "invitation.url: must be a string"),
    ("bad date", _set("date", "26.11.2026"), "date: must be an ISO date like 2026-11-26"),
    ("name too long", _set("patient.display_name", "x" * 3000), "patient.display_name: is longer than"),
]


@pytest.mark.parametrize(("change", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_names_the_key_and_the_problem(change: Change, message: str) -> None:
    plan = load_plan("de")
    change(plan)
    with pytest.raises(HandoutInputError) as caught:
        validate_handout_input(plan)
    assert message in str(caught.value)


def test_input_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(HandoutInputError, match="input: must be a JSON object"):
        validate_handout_input([1, 2])


def test_a_plan_that_needs_clinical_review_is_not_printed() -> None:
    plan = {
        "status": "needs_clinical_review",
        "review_reasons": ["cauda_equina"],
        "lang": "de",
        "weekly_target_minutes": 0,
        "first_week_minutes": 0,
        "items": [],
        "goals": None,
        "reminders": None,
    }
    with pytest.raises(HandoutInputError, match=r"needs clinical review first \(cauda_equina\)"):
        render_handout(plan)


def test_valid_input_comes_back_unchanged(plan_de: dict[str, Any]) -> None:
    assert validate_handout_input(plan_de) is plan_de


def test_extra_keys_from_newer_plans_are_accepted(plan_en: dict[str, Any]) -> None:
    plan_en["engine_version"] = "2"
    plan_en["items"][0]["equipment"] = ["shoes"]
    assert validate_handout_input(plan_en) is plan_en
