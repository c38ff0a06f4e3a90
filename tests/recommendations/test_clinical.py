"""The defects of issue 11, one test each: what a GP would sign for ordinary and edge-case
patients (NVL Kreuzschmerz, NICE NG59, WHO 2020)."""

from __future__ import annotations

from typing import Any

import pytest

from backactive.recommendations.engine import recommend
from backactive.recommendations.knowledge import Knowledge

from .conftest import ProfileFactory

REST = {"step_rest", "childs_pose", "belly_breathing", "side_lying_rest"}


def codes_of(result: dict[str, Any], kind: str | None = None) -> list[str]:
    return [i["code"] for i in result["items"] if kind is None or i["kind"] == kind]


def plan(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for i in result["items"] if i["kind"] in ("activity", "exercise")]


def test_a_plain_profile_gets_walking_first_strength_and_nothing_high_impact(profile: ProfileFactory) -> None:
    result = recommend(profile(), lang="de")
    assert plan(result)[0]["code"] == "walking"
    assert any("strength" in i["components"] for i in plan(result))
    assert all(i["impact"] != "high" for i in result["items"])
    assert "aerobics_jumping" not in codes_of(result)


def test_deconditioned_people_in_pain_with_low_mood_get_no_high_impact(profile: ProfileFactory) -> None:
    data = profile(pain=6, active_minutes_per_week=20, barriers=["low_mood", "loneliness"])
    result = recommend({**data, "preferences": {"social": "group", "setting": "any", "enjoys": []}})
    assert not {"running", "football", "tennis", "aerobics_jumping"} & set(codes_of(result))


def test_high_impact_by_choice_or_by_an_active_low_pain_level(profile: ProfileFactory) -> None:
    assert "running" in codes_of(recommend(profile(preferences={"enjoys": ["running"]})))
    assert "football" in codes_of(recommend(profile(preferences={"social": "group", "enjoys": ["football"]})))
    sporty = profile(active_minutes_per_week=200, pain=3, preferences={"social": "group", "setting": "facility"})
    assert {"tennis", "aerobics_jumping"} & set(codes_of(recommend(sporty)))
    assert not {"tennis", "aerobics_jumping"} & set(codes_of(recommend({**sporty, "pain": 5})))


@pytest.mark.parametrize("mobility", ["walking_aid", "wheelchair"])
def test_a_walking_aid_or_wheelchair_rules_out_high_impact_even_as_a_favourite(
    profile: ProfileFactory, mobility: str
) -> None:
    result = recommend(profile(mobility=mobility, preferences={"enjoys": ["running", "tennis"]}))
    assert all(i["impact"] != "high" for i in result["items"])


def test_heart_disease_brings_a_caution_naming_the_effortful_items(profile: ProfileFactory) -> None:
    result = recommend(profile(conditions=["heart_disease"], preferences={"enjoys": ["running"]}), lang="en")
    caution = next(c["text"] for c in result["cautions"] if c["code"] == "heart_disease_effort")
    assert "Running" in caution and "clearance" in caution and "chest pain" in caution
    assert any(e["code"] == "heart_disease" for e in result["safety_net"])
    assert not recommend(profile(), lang="en")["cautions"]


@pytest.mark.parametrize("barrier", ["fear_avoidance", "pain_after_activity"])
def test_fear_and_pain_after_activity_get_graded_activity_not_rest(profile: ProfileFactory, barrier: str) -> None:
    result = recommend(profile(barriers=[barrier]), lang="en")
    assert not REST & set(codes_of(result))
    answering = [i for i in plan(result) if barrier in i["addresses"]]
    assert answering and all("relaxation" not in i["components"] for i in answering)
    assert {"hurt_not_harm", "pacing_plan"} <= set(codes_of(result, "support"))
    assert REST & {i["code"] for i in result["flare_up"]["items"]}
    assert "half" in result["flare_up"]["text"] and "bed rest does not" in result["flare_up"]["text"]


def test_the_flare_up_plan_respects_the_exclusions(profile: ProfileFactory) -> None:
    pregnant = recommend(profile(age=30, conditions=["pregnancy"]))["flare_up"]["items"]
    assert pregnant and "step_rest" not in [i["code"] for i in pregnant]  # lying on the back
    seated = recommend(profile(mobility="wheelchair"))["flare_up"]["items"]
    assert seated and all(not {"floor", "standing", "walking"} & set(i["needs"]) for i in seated)
    assert all(i["kind"] == "exercise" and "dose" in i for i in seated)


def test_feeling_not_taken_seriously_is_answered_only_in_conversation(profile: ProfileFactory) -> None:
    result = recommend(profile(barriers=["not_taken_seriously"]), lang="de")
    answering = [i for i in result["items"] if "not_taken_seriously" in i["addresses"]]
    assert [i["code"] for i in answering] == ["shared_choice"]
    assert all("nicht ernst genommen" not in i["why"] for i in result["items"])
    assert "Schmerzen sind echt" in answering[0]["why"]


def test_with_every_barrier_each_is_answered_and_shared_decision_comes_first(
    profile: ProfileFactory, knowledge: Knowledge
) -> None:
    from backactive.core import codes

    result = recommend(profile(barriers=list(codes.BARRIERS)), lang="en")
    answered = {b for i in result["items"] for b in i["addresses"]}
    assert answered == set(codes.BARRIERS)
    support = codes_of(result, "support")
    assert support[0] == "shared_choice" and "loneliness" in answered


def test_a_wheelchair_user_gets_seated_strength_and_balance_and_no_standing_items(profile: ProfileFactory) -> None:
    result = recommend(profile(age=70, mobility="wheelchair"))
    assert "one_leg_stand" not in codes_of(result)
    assert all(not {"walking", "standing", "floor"} & set(i["needs"]) for i in result["items"])
    components = {c for i in plan(result) for c in i["components"]}
    assert {"strength", "balance"} <= components


def test_no_floor_means_no_floor_exercises(profile: ProfileFactory) -> None:
    result = recommend(profile(floor_ok=False, preferences={"setting": "home"}))
    assert result["items"] and all("floor" not in i["needs"] for i in result["items"] + result["flare_up"]["items"])
    assert "bridge" in codes_of(recommend(profile(preferences={"setting": "home"})))


def test_older_adults_get_balance(profile: ProfileFactory) -> None:
    result = recommend(profile(age=66, preferences={"enjoys": ["walking", "nordic_walking", "swimming"]}))
    assert any("balance" in i["components"] for i in plan(result))


def test_where_no_strength_item_fits_physiotherapy_is_proposed(profile: ProfileFactory) -> None:
    result = recommend(profile(age=70, max_minutes_per_session=1), lang="en")
    considered = {c["code"]: c["text"] for c in result["considerations"]}
    assert "no_strength_item" in considered and "no_balance_item" in considered
    assert "physiotherapy" in considered["no_strength_item"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"risk_group": "low"}, []),
        ({"risk_group": "medium"}, ["physiotherapy"]),
        ({"risk_group": "high"}, ["psychologically_informed_physio", "multimodal_pain_therapy"]),
        (
            {"risk_group": "high", "barriers": ["low_mood"]},
            ["psychologically_informed_physio", "multimodal_pain_therapy", "psychotherapy", "mood_assessment"],
        ),
        (
            {"pain": 8, "barriers": ["fear_avoidance", "low_mood"]},
            ["psychologically_informed_physio", "multimodal_pain_therapy", "psychotherapy", "mood_assessment"],
        ),
        ({"pain": 8, "barriers": ["fear_avoidance"]}, []),
    ],
)
def test_yellow_flags_bring_considerations_for_the_gp(
    profile: ProfileFactory, changes: dict[str, Any], expected: list[str]
) -> None:
    result = recommend(profile(**changes), lang="en")
    assert [c["code"] for c in result["considerations"]] == expected


def test_the_safety_net_names_the_emergency_signs(profile: ProfileFactory) -> None:
    net = recommend(profile(), lang="en")["safety_net"]
    text = net[0]["text"]
    for sign in ("urine or stools", "numb", "leg gets weaker", "fever", "112"):
        assert sign in text
    for condition, word in (("pregnancy", "midwife"), ("osteoporosis", "minor fall"), ("heart_disease", "chest")):
        found = recommend(profile(age=35, conditions=[condition]), lang="en")["safety_net"]
        assert any(e["code"] == condition and word in e["text"] for e in found)


def test_pregnancy_brings_an_obstetric_caution(profile: ProfileFactory) -> None:
    result = recommend(profile(age=31, conditions=["pregnancy"]), lang="en")
    assert "pregnancy_check" in [c["code"] for c in result["cautions"]]


@pytest.mark.parametrize(
    ("flag", "urgency", "words"),
    [
        ("cauda_equina", "emergency", "emergency department"),
        ("cancer_history", "urgent", "next few days"),
        ("inflammatory_signs", "soon", "next few weeks"),
    ],
)
def test_under_review_the_patient_is_told_what_to_do_now(
    profile: ProfileFactory, flag: str, urgency: str, words: str
) -> None:
    result = recommend(profile(red_flags=[flag]), lang="en")
    assert result["review_reasons"][0]["urgency"] == urgency
    assert result["safety_net"][0]["code"] == f"review_{urgency}" and words in result["safety_net"][0]["text"]


def test_a_cleared_flag_no_longer_blocks_but_stays_visible(profile: ProfileFactory) -> None:
    data = profile(red_flags=["cancer_history", "night_pain"], red_flags_cleared=["cancer_history"])
    assert recommend(data)["status"] == "needs_clinical_review"
    cleared = recommend({**data, "red_flags_cleared": ["cancer_history", "night_pain"]}, lang="en")
    assert cleared["status"] == "ok" and cleared["items"]
    assert [f["code"] for f in cleared["cleared_flags"]] == ["cancer_history", "night_pain"]
    caution = next(c["text"] for c in cleared["cautions"] if c["code"] == "cleared_flags")
    assert "History of cancer" in caution and "Re-assess" in caution
    assert {"watch_cancer_history", "watch_night_pain"} <= {e["code"] for e in cleared["safety_net"]}


def test_long_sessions_followed_by_pain_bring_pacing(profile: ProfileFactory) -> None:
    plain = recommend(profile(active_minutes_per_week=300, max_minutes_per_session=90))
    paced = recommend(profile(active_minutes_per_week=300, max_minutes_per_session=90, long_session_pattern=True))
    assert "pacing_plan" in codes_of(paced, "support") and "pacing_plan" not in codes_of(plain)
    longest = max(i["minutes"] for i in plan(paced) if i["kind"] == "activity")
    assert longest < max(i["minutes"] for i in plan(plain) if i["kind"] == "activity")
    assert longest <= 20 or all(i["minutes"] <= 20 for i in plan(paced) if i["code"] == "walking")


def test_exercise_minutes_follow_the_dose(profile: ProfileFactory, knowledge: Knowledge) -> None:
    result = recommend(profile(preferences={"setting": "home"}))
    exercises = [i for i in result["items"] if i["kind"] == "exercise"]
    assert exercises
    for item in exercises:
        assert item["minutes"] == knowledge.items[item["code"]].dose.minutes()  # type: ignore[union-attr]
