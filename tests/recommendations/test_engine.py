"""The engine's behaviour as the issue states it: red flags, exclusions, ranking, variety, why,
goals and reminders, both languages."""

from __future__ import annotations

import pytest

from backactive.core import codes
from backactive.recommendations.engine import recommend, weekly_progression
from backactive.recommendations.knowledge import Knowledge
from backactive.recommendations.knowledge import load_knowledge as knowledge_base

from .conftest import ProfileFactory

OUTPUT_KEYS = {
    "status",
    "review_reasons",
    "cleared_flags",
    "lang",
    "weekly_target_minutes",
    "first_week_minutes",
    "items",
    "safety_net",
    "cautions",
    "considerations",
    "flare_up",
    "goals",
    "reminders",
}
ITEM_KEYS = {
    "code",
    "kind",
    "title",
    "minutes",
    "impact",
    "setting",
    "social",
    "strategies",
    "addresses",
    "why",
    "family",
    "components",
    "needs",
}
HIGH_IMPACT_BLOCKERS = [
    ("barriers", "fear_avoidance"),
    ("barriers", "pain_after_activity"),
    ("conditions", "knee_osteoarthritis"),
    ("conditions", "hip_osteoarthritis"),
    ("conditions", "osteoporosis"),
    ("conditions", "pregnancy"),
]


def activities(result: dict) -> list[dict]:
    return [i for i in result["items"] if i["kind"] in ("activity", "exercise")]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_output_has_exactly_the_contract_keys(profile: ProfileFactory, lang: str) -> None:
    result = recommend(profile(barriers=["time", "low_mood"]), lang=lang)
    assert set(result) == OUTPUT_KEYS
    assert result["status"] == "ok" and result["review_reasons"] == [] and result["lang"] == lang
    assert result["cleared_flags"] == [] and result["safety_net"] and set(result["flare_up"]) == {"text", "items"}
    for item in result["items"] + result["flare_up"]["items"]:
        assert set(item) == ITEM_KEYS | ({"dose", "level", "levels"} if item["kind"] == "exercise" else set())
    assert 4 <= len(activities(result)) <= 6


@pytest.mark.parametrize("flag", list(codes.RED_FLAGS))
@pytest.mark.parametrize("lang", ["de", "en"])
def test_any_red_flag_stops_the_plan(profile: ProfileFactory, flag: str, lang: str) -> None:
    result = recommend(profile(red_flags=[flag], wants_goals=True, wants_reminders=True), lang=lang)
    assert result["status"] == "needs_clinical_review"
    urgency = knowledge_base().red_flags[flag].urgency
    assert result["review_reasons"] == [{"code": flag, "label": codes.RED_FLAGS[flag].label(lang), "urgency": urgency}]
    assert result["items"] == [] and result["goals"] is None and result["reminders"] is None
    assert result["weekly_target_minutes"] is None and set(result) == OUTPUT_KEYS
    assert result["flare_up"] is None and result["cautions"] == [] and result["considerations"] == []
    assert result["safety_net"][0]["code"] == f"review_{urgency}"


def test_all_red_flags_are_listed_most_urgent_first_in_a_stable_order(profile: ProfileFactory) -> None:
    flags = list(codes.RED_FLAGS)
    result = recommend(profile(red_flags=list(reversed(flags))))
    order = list(codes.URGENCIES)
    expected = sorted(flags, key=lambda f: (order.index(knowledge_base().red_flags[f].urgency), flags.index(f)))
    assert [r["code"] for r in result["review_reasons"]] == expected
    assert [r["urgency"] for r in result["review_reasons"]][:2] == ["emergency", "emergency"]


@pytest.mark.parametrize("barrier", list(codes.BARRIERS))
@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_barrier_is_answered_with_a_reason_in_the_patients_words(
    profile: ProfileFactory, knowledge: Knowledge, barrier: str, lang: str
) -> None:
    result = recommend(profile(barriers=[barrier]), lang=lang)
    answering = [i for i in result["items"] if barrier in i["addresses"]]
    assert answering
    if barrier in knowledge.rules.conversation_only:
        assert [i["kind"] for i in answering] == ["support"]
        return
    reason = knowledge.reasons[barrier].get(lang)
    assert any(reason in i["why"] for i in answering if i["kind"] != "support")
    label = codes.BARRIERS[barrier].label(lang)
    assert all(label not in i["why"] for i in result["items"])  # never a clinical barrier label


@pytest.mark.parametrize(("field", "code"), HIGH_IMPACT_BLOCKERS)
def test_no_high_impact_item_then_even_if_it_is_a_favourite(profile: ProfileFactory, field: str, code: str) -> None:
    data = profile(
        **{field: [code]},
        preferences={"social": "group", "setting": "any", "enjoys": ["running", "football", "aerobics_jumping"]},
    )
    assert all(i["impact"] != "high" for i in recommend(data)["items"])


def test_without_a_blocker_a_high_impact_favourite_leads(profile: ProfileFactory) -> None:
    result = recommend(profile(preferences={"enjoys": ["running"]}))
    assert result["items"][0]["code"] == "running"


@pytest.mark.parametrize("condition", list(codes.CONDITIONS))
def test_every_condition_excludes_its_items_and_prefers_suitable_ones(
    profile: ProfileFactory, knowledge: Knowledge, condition: str
) -> None:
    result = recommend(profile(conditions=[condition]), lang="en")
    chosen = [knowledge.items[i["code"]] for i in activities(result)]
    assert chosen and all(condition not in item.excluded_by for item in chosen)
    assert any(condition in item.suits for item in chosen)
    label = codes.CONDITIONS[condition].label("en")
    assert any(label in i["why"] for i in activities(result))


def test_closures_remove_every_facility_item(profile: ProfileFactory, knowledge: Knowledge) -> None:
    result = recommend(
        profile(barriers=["closures"], preferences={"setting": "facility", "enjoys": ["swimming", "yoga"]})
    )
    assert not any(knowledge.items[i["code"]].needs_facility for i in activities(result))
    assert all(i["setting"] in ("home", "outdoor") for i in activities(result))


def test_no_item_is_longer_than_the_session_limit(profile: ProfileFactory, knowledge: Knowledge) -> None:
    result = recommend(profile(max_minutes_per_session=8, preferences={"enjoys": ["hiking"]}))
    assert activities(result)
    assert all(i["minutes"] <= 8 and knowledge.items[i["code"]].min_minutes <= 8 for i in activities(result))


def test_favourites_come_first_in_the_order_given_by_rank(profile: ProfileFactory) -> None:
    result = recommend(profile(preferences={"enjoys": ["gardening", "dancing"]}, barriers=["low_mood"]))
    assert {i["code"] for i in result["items"][:2]} == {"gardening", "dancing"}
    assert "Freude" in result["items"][0]["why"]


def test_group_preference_ranks_group_items_up(profile: ProfileFactory) -> None:
    result = recommend(profile(preferences={"social": "group", "setting": "any"}))
    assert [i["social"] for i in result["items"][:3]] == ["group"] * 3


def test_setting_preference_ranks_those_items_up(profile: ProfileFactory) -> None:
    result = recommend(profile(preferences={"social": "any", "setting": "water"}))
    assert result["items"][0]["setting"] == "water"


def test_more_barriers_answered_ranks_higher(profile: ProfileFactory, knowledge: Knowledge) -> None:
    barriers = ["time", "cost", "closures"]
    result = recommend(profile(barriers=barriers))
    counts = [len(i["addresses"]) for i in activities(result)]
    assert counts[0] == max(counts) and counts[0] >= 2


def test_the_list_is_varied(profile: ProfileFactory, knowledge: Knowledge) -> None:
    for barriers in (["time"], ["closures", "cost"], ["loneliness"], []):
        result = recommend(profile(barriers=barriers, preferences={"setting": "outdoor"}))
        families = [knowledge.items[i["code"]].family for i in activities(result)]
        assert len(families) == len(set(families))
        assert {i["kind"] for i in activities(result)} == {"activity", "exercise"}


def test_two_favourites_of_one_family_may_both_appear(profile: ProfileFactory) -> None:
    result = recommend(profile(preferences={"enjoys": ["walking", "nordic_walking"]}))
    assert [i["code"] for i in result["items"][:2]] == ["walking", "nordic_walking"]  # clinical order
    assert "forest_walk" not in [i["code"] for i in result["items"]]


def test_each_item_names_strategies_and_one_sentence_why(profile: ProfileFactory, knowledge: Knowledge) -> None:
    result = recommend(profile(barriers=["fear_avoidance", "routine"]), lang="en")
    for item in result["items"]:
        assert item["strategies"] and all(s in knowledge.strategies for s in item["strategies"])
        assert item["why"].endswith(".") and item["why"].count(". ") == 0


def test_strategies_that_answer_the_barriers_come_first(profile: ProfileFactory) -> None:
    result = recommend(profile(barriers=["fear_avoidance"], preferences={"enjoys": ["swimming"]}))
    assert result["items"][0]["code"] == "swimming"
    assert result["items"][0]["strategies"] == ["pacing", "self_efficacy", "enjoyment"]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_texts_follow_the_language(profile: ProfileFactory, knowledge: Knowledge, lang: str) -> None:
    result = recommend(profile(barriers=["time"]), lang=lang)
    for item in activities(result):
        entry = knowledge.items[item["code"]]
        assert item["title"] == entry.title.get(lang)
        assert item["why"].startswith(entry.why.get(lang).rstrip("."))


def test_support_items_answer_mood_and_restarts(profile: ProfileFactory) -> None:
    result = recommend(profile(barriers=["low_mood", "routine"]), lang="en")
    support = [i for i in result["items"] if i["kind"] == "support"]
    assert [i["code"] for i in support] == ["mood_talk", "restart_after_break"]
    assert all(i["minutes"] is None and i["impact"] is None and i["family"] is None for i in support)
    assert all(i["components"] == [] and i["needs"] == [] and "dose" not in i for i in support)
    assert not [i for i in recommend(profile())["items"] if i["kind"] == "support"]


def test_goals_and_reminders_only_when_wanted(profile: ProfileFactory) -> None:
    plain = recommend(profile())
    assert plain["goals"] is None and plain["reminders"] is None
    wanted = recommend(profile(wants_goals=True, wants_reminders=True, active_minutes_per_week=0), lang="en")
    assert wanted["goals"]["weekly_target_minutes"] == 150
    assert wanted["goals"]["weeks"][0] == wanted["first_week_minutes"] == 30
    assert wanted["goals"]["weeks"][-1] == 150
    assert "150 minutes" in wanted["goals"]["text"]
    assert wanted["reminders"]["days_per_week"] == wanted["goals"]["sessions_per_week"]
    assert "stop" in wanted["reminders"]["text"] and "days and at the time you choose" in wanted["reminders"]["text"]


def test_targets_in_the_output(profile: ProfileFactory) -> None:
    low = recommend(profile(active_minutes_per_week=20))
    assert (low["weekly_target_minutes"], low["first_week_minutes"]) == (150, 50)
    gentle = recommend(profile(active_minutes_per_week=20, barriers=["fear_avoidance"]))
    assert gentle["first_week_minutes"] == 40
    high = recommend(profile(active_minutes_per_week=300, wants_goals=True), lang="en")
    assert (high["weekly_target_minutes"], high["first_week_minutes"]) == (300, 300)
    assert "keep up" in high["goals"]["text"]


def test_input_order_does_not_change_the_output(profile: ProfileFactory) -> None:
    a = recommend(profile(barriers=["time", "cost", "loneliness"], conditions=["obesity", "heart_disease"]))
    b = recommend(profile(barriers=["loneliness", "cost", "time"], conditions=["heart_disease", "obesity"]))
    assert a == b


def test_an_unknown_language_is_refused(profile: ProfileFactory) -> None:
    with pytest.raises(ValueError, match="lang must be one of de, en, tr, ru, uk, ar, pl"):
        recommend(profile(), lang="fr")


def test_older_adults_get_balance_and_strength_among_equal_choices(profile: ProfileFactory) -> None:
    data = profile(preferences={"social": "alone", "setting": "home"})
    younger = [i["code"] for i in recommend({**data, "age": 40})["items"]]
    older = recommend({**data, "age": 72})["items"]
    assert "one_leg_stand" in [i["code"] for i in older] and "one_leg_stand" not in younger
    assert any("balance" in i["components"] for i in older) and any("strength" in i["components"] for i in older)


def test_several_settings_rank_each_of_them_up(profile: ProfileFactory) -> None:
    result = recommend(profile(preferences={"setting": ["water", "outdoor"]}))
    assert {i["setting"] for i in activities(result)[:4]} <= {"water", "outdoor"}


def test_weekly_progression_without_goals(profile: ProfileFactory) -> None:
    weeks = weekly_progression(profile(active_minutes_per_week=0))
    assert weeks[0] == 30 and weeks[-1] == 150
    assert weekly_progression(profile(active_minutes_per_week=0, pain=8))[0] == 20
    assert weekly_progression(profile(red_flags=["major_trauma"])) == []
    cleared = profile(active_minutes_per_week=0, red_flags=["major_trauma"], red_flags_cleared=["major_trauma"])
    assert weekly_progression(cleared)[0] == 30
