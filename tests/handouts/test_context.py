"""The handout's content as a plain dict: what the PDF and the HTML preview both lay out."""

from __future__ import annotations

import json
from typing import Any

import pytest

from backactive.exercises.drawings import drawing
from backactive.handouts.context import LABELS, OSM_ATTRIBUTION, handout_context
from backactive.handouts.validation import HandoutInputError
from backactive.recommendations import knowledge


def test_both_languages_have_the_same_labels() -> None:
    assert set(LABELS["de"]) == set(LABELS["en"])


def test_the_context_is_json_and_in_the_requested_language(plan_de: dict[str, Any]) -> None:
    context = handout_context(plan_de, "en")
    assert json.loads(json.dumps(context)) == context
    assert context["lang"] == "en"
    assert context["labels"]["title"] == "Your activity plan"
    assert context["date"] == "26 November 2026"
    assert context["patient_name"] == "Erika Mustermann"


def test_the_plan_language_is_the_default(plan_de: dict[str, Any]) -> None:
    assert handout_context(plan_de)["labels"]["title"] == "Ihr Bewegungsplan"


def test_an_unknown_language_is_refused(plan_de: dict[str, Any]) -> None:
    with pytest.raises(HandoutInputError, match="lang: must be one of de, en, tr, ru, uk, ar, pl, got 'fr'"):
        handout_context(plan_de, "fr")


def test_activities_share_the_first_week_and_exercises_come_on_three_days(plan_en: dict[str, Any]) -> None:
    # 70 minutes in the first week shared by walking (20 min) and water gymnastics (45 min).
    items = {i["code"]: i for i in handout_context(plan_en)["items"]}
    assert items["brisk_walking"]["times_per_week"] == 2
    assert items["water_gymnastics"]["times_per_week"] == 1
    assert items["water_gymnastics"]["often"] == "once a week"
    assert items["cat_cow"]["times_per_week"] == 3
    assert items["talk_mood"]["times_per_week"] is None
    assert items["talk_mood"]["often"] == "whenever it helps you"


def test_the_plan_may_fix_frequency_and_intensity(plan_en: dict[str, Any]) -> None:
    plan_en["items"][0].update(times_per_week=7, intensity="light")
    walking = handout_context(plan_en)["items"][0]
    assert walking["often"] == "every day"
    assert walking["hard"] == "light: you could still sing"
    assert walking["intensity_label"] == "light"


def test_a_busy_first_week_never_asks_for_more_than_daily(plan_en: dict[str, Any]) -> None:
    plan_en["first_week_minutes"] = 3000
    assert all(i["times_per_week"] in (None, 3, 7) for i in handout_context(plan_en)["items"])


def test_support_items_are_not_prescribed(plan_en: dict[str, Any]) -> None:
    rows = handout_context(plan_en)["prescription"]["rows"]
    assert [r["code"] for r in rows] == ["brisk_walking", "cat_cow", "bridge", "water_gymnastics"]


def test_people_already_above_the_target_are_told_to_keep_it_up(plan_en: dict[str, Any]) -> None:
    plan_en["first_week_minutes"] = 200
    aim = handout_context(plan_en)["aim"]
    assert aim[1] == "Keep up your 150 minutes a week, and feel free to vary what you do."


@pytest.mark.parametrize("attribution", ["osm", "OpenStreetMap", "© OpenStreetMap contributors, ODbL"])
def test_offers_from_openstreetmap_carry_the_odbl_credit_once(attribution: str, plan_en: dict[str, Any]) -> None:
    for offer in plan_en["offers"]:
        offer["attribution"] = attribution
    assert handout_context(plan_en)["offer_attributions"] == [OSM_ATTRIBUTION]


def test_other_sources_are_credited_as_given(plan_de: dict[str, Any]) -> None:
    plan_de["offers"][2]["attribution"] = "Kursliste der Praxis"
    assert handout_context(plan_de)["offer_attributions"] == [OSM_ATTRIBUTION, "Kursliste der Praxis"]


def test_german_distances_use_a_decimal_comma(plan_de: dict[str, Any]) -> None:
    assert handout_context(plan_de)["offers"][0]["distance"] == "1,8 km entfernt"


def test_the_calendar_code_needs_chosen_reminders(plan_en: dict[str, Any]) -> None:
    assert handout_context(plan_en)["qr_calendar"]["url"] == plan_en["calendar_url"]
    plan_en["reminders"] = None
    assert handout_context(plan_en)["qr_calendar"] is None


def test_exercises_bring_their_steps_and_drawings(plan_en: dict[str, Any]) -> None:
    plan_en["exercises"]["bridge"] = {"instructions": "Lie down.\n\nLift your hips."}
    exercises = {e["code"]: e for e in handout_context(plan_en)["exercises"]}
    assert exercises["cat_cow"]["drawing_svg"].startswith("<svg")
    assert exercises["bridge"]["steps"] == ["Lie down.", "Lift your hips."]
    assert exercises["bridge"]["drawing_svg"] is None


def test_an_exercise_without_details_comes_from_the_knowledge_base(plan_en: dict[str, Any]) -> None:
    del plan_en["exercises"]
    cat_cow = handout_context(plan_en)["exercises"][0]
    assert cat_cow["steps"] == [knowledge.item_instructions("cat_cow", "en")]
    assert cat_cow["drawing_svg"] == drawing("cat_cow", level=2, lang="en")  # the standard level's still
    assert "Level 2 (standard)" in cat_cow["line"] and "repetitions" in cat_cow["line"]


def test_the_handout_prints_the_levels_still_dose_and_instructions(plan_en: dict[str, Any]) -> None:
    del plan_en["exercises"]
    bridge = next(i for i in plan_en["items"] if i["code"] == "bridge")
    bridge["level"] = 3
    printed = next(e for e in handout_context(plan_en)["exercises"] if e["code"] == "bridge")
    harder = knowledge.item("bridge").level(3)
    assert printed["drawing_svg"] == drawing("bridge", level=3, lang="en")
    assert "Bridge – Level 3 (harder)" in printed["drawing_svg"]
    assert printed["steps"] == [harder.instructions.en]
    assert "Level 3 (harder)" in printed["line"] and "each side" in printed["line"]


def test_a_start_end_still_gets_the_wide_column_and_a_single_picture_the_narrow_one(plan_en: dict[str, Any]) -> None:
    given = {e["code"]: e for e in handout_context(plan_en)["exercises"]}  # the plan's own 4:3 drawings
    assert not given["cat_cow"]["drawing_wide"]
    del plan_en["exercises"]
    library = {e["code"]: e for e in handout_context(plan_en)["exercises"]}
    assert library["cat_cow"]["drawing_wide"] and library["bridge"]["drawing_wide"]


def test_a_level_outside_one_to_three_is_refused(plan_en: dict[str, Any]) -> None:
    next(i for i in plan_en["items"] if i["code"] == "bridge")["level"] = 4
    with pytest.raises(HandoutInputError, match=r"items\[2\]\.level"):
        handout_context(plan_en)


def test_an_unknown_exercise_asks_the_practice_to_show_it(plan_en: dict[str, Any]) -> None:
    del plan_en["exercises"]
    plan_en["items"][1]["code"] = "practice_own_exercise"
    steps = handout_context(plan_en)["exercises"][0]["steps"]
    assert steps == ["Your practice will show you this exercise."]


@pytest.mark.parametrize(("scale", "faces"), [("numeric", 0), ("vas", 0), ("faces", 6)])
def test_the_diary_follows_the_patients_pain_scale(scale: str, faces: int, plan_de: dict[str, Any]) -> None:
    plan_de["patient"]["pain_scale"] = scale
    diary = handout_context(plan_de)["diary"]
    assert diary["scale"] == scale
    assert len(diary["faces"]) == faces
    assert len(diary["days"]) == 7
    assert diary["exercises"] == ["Katzenbuckel", "Becken heben (Brücke)"]


def test_without_a_patient_the_diary_uses_numbers(minimal_plan: dict[str, Any]) -> None:
    context = handout_context(minimal_plan)
    assert context["diary"]["scale"] == "numeric"
    assert context["patient_name"] == ""
    assert context["practice"] is None


def test_offers_may_give_times_as_a_list_and_certification_as_a_flag(plan_de: dict[str, Any]) -> None:
    plan_de["offers"][0].update(times=["Di 18:00", "Do 9:30"], certified=True)
    plan_de["offers"][1].update(certified=False)
    first, second = handout_context(plan_de)["offers"][:2]
    assert first["times"] == "Di 18:00, Do 9:30"
    assert first["certified"] == "Zertifiziert: § 20 SGB V"
    assert second["certified"] == ""


def test_a_saved_plan_brings_its_offers_and_date_with_it(plan_de: dict[str, Any]) -> None:
    # The shape of consultations.plans.plan_as_recommendation: offers inside offer items, the
    # save date as "created", blanks as empty strings.
    offer = plan_de.pop("offers")[0]
    plan_de.pop("date")
    plan_de["created"] = "2026-03-05"
    plan_de["items"][3].update(code="offer:17", details=offer, impact="", social="", times_per_week=21)
    context = handout_context(plan_de)
    assert [o["name"] for o in context["offers"]] == [offer["name"]]
    assert context["offer_attributions"] == [OSM_ATTRIBUTION]
    assert context["date"] == "5. März 2026"
    assert context["items"][3]["often"] == "21-mal pro Woche"


def test_explicit_offers_win_over_the_items_details(plan_de: dict[str, Any]) -> None:
    plan_de["items"][3]["details"] = {"name": "Nur im Plan"}
    assert "Nur im Plan" not in [o["name"] for o in handout_context(plan_de)["offers"]]


def test_a_blank_name_and_scale_fall_back_to_no_name_and_numbers(plan_de: dict[str, Any]) -> None:
    plan_de["patient"] = {"display_name": "", "pain_scale": ""}
    context = handout_context(plan_de)
    assert context["patient_name"] == ""
    assert context["diary"]["scale"] == "numeric"
