"""Property tests: for any valid profile the exclusions hold, no item exceeds the session limit,
and the output is deterministic."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from backactive.core import codes
from backactive.recommendations.engine import recommend
from backactive.recommendations.knowledge import load_knowledge

KNOWLEDGE = load_knowledge()
ITEM_CODES = sorted(KNOWLEDGE.items)
HIGH_IMPACT_BARRIERS = {"fear_avoidance", "pain_after_activity"}
HIGH_IMPACT_CONDITIONS = {"knee_osteoarthritis", "hip_osteoarthritis", "osteoporosis", "pregnancy"}


def _subset(values: list[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(values), max_size=len(values), unique=True)


profiles = st.fixed_dictionaries(
    {
        "age": st.integers(18, 100),
        "pain": st.one_of(st.integers(0, 10), st.floats(0, 10)),
        "active_minutes_per_week": st.integers(0, 900),
        "barriers": _subset(list(codes.BARRIERS)),
        "conditions": _subset(list(codes.CONDITIONS)),
        "red_flags": st.one_of(st.just([]), _subset(list(codes.RED_FLAGS))),
        "preferences": st.fixed_dictionaries(
            {
                "social": st.sampled_from(["alone", "group", "any"]),
                "setting": st.one_of(
                    st.sampled_from(["home", "outdoor", "facility", "water", "any"]),
                    _subset(["home", "outdoor", "facility", "water"]),
                ),
                "enjoys": st.lists(st.sampled_from(ITEM_CODES), max_size=4, unique=True),
            }
        ),
        "max_minutes_per_session": st.integers(1, 120),
        "wants_goals": st.booleans(),
        "wants_reminders": st.booleans(),
    },
    optional={"location": st.just({"lat": 50.8, "lon": 8.77})},
)
offers = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.integers(1, 50),
            "name": st.sampled_from(["Verein A", "Bad B", "Treff C"]),
            "activities": st.lists(st.sampled_from(ITEM_CODES), min_size=1, max_size=3),
            "distance_km": st.floats(0, 30),
        }
    ),
    max_size=5,
)
langs = st.sampled_from(["de", "en"])


@settings(max_examples=200, deadline=None)
@given(profile=profiles, lang=langs, nearby=offers)
def test_exclusions_always_hold(profile: dict[str, Any], lang: str, nearby: list[dict[str, Any]]) -> None:
    result = recommend(profile, lang=lang, offers=nearby)
    barriers, conditions = set(profile["barriers"]), set(profile["conditions"])
    if profile["red_flags"]:
        assert result["status"] == "needs_clinical_review" and result["items"] == []
        return
    for item in result["items"]:
        if barriers & HIGH_IMPACT_BARRIERS or conditions & HIGH_IMPACT_CONDITIONS:
            assert item["impact"] != "high"
        if "closures" in barriers:
            assert item["setting"] not in ("facility", "water")
        known = KNOWLEDGE.items.get(item["code"])
        if known:
            assert not known.excluded_by & conditions
            assert not ("closures" in barriers and known.needs_facility)


@settings(max_examples=200, deadline=None)
@given(profile=profiles, lang=langs, nearby=offers)
def test_no_item_exceeds_the_session_limit(profile: dict[str, Any], lang: str, nearby: list[dict[str, Any]]) -> None:
    result = recommend(profile, lang=lang, offers=nearby)
    for item in result["items"]:
        assert item["minutes"] is None or 1 <= item["minutes"] <= profile["max_minutes_per_session"]
        assert item["kind"] in ("activity", "exercise", "offer", "support")
        assert item["strategies"] and item["why"].endswith(".")


@settings(max_examples=100, deadline=None)
@given(profile=profiles, lang=langs, nearby=offers)
def test_output_is_deterministic(profile: dict[str, Any], lang: str, nearby: list[dict[str, Any]]) -> None:
    first = json.dumps(recommend(copy.deepcopy(profile), lang=lang, offers=copy.deepcopy(nearby)))
    again = json.dumps(recommend(copy.deepcopy(profile), lang=lang, offers=copy.deepcopy(nearby)))
    assert first == again


@settings(max_examples=100, deadline=None)
@given(profile=profiles)
def test_targets_are_graded(profile: dict[str, Any]) -> None:
    result = recommend(profile)
    if result["status"] != "ok":
        return
    current = profile["active_minutes_per_week"]
    assert result["weekly_target_minutes"] == max(150, current)
    assert current <= result["first_week_minutes"] <= result["weekly_target_minutes"]
    if current < 60:
        assert result["first_week_minutes"] <= current + 30
