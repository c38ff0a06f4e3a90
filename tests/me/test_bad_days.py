"""The plan page's bad days: a library exercise of the flare-up plan shows its easier level (the
level the plan saved), its dose and its still, as the handout prints it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from backactive.exercises.cards import exercise_card
from backactive.recommendations.engine import recommend
from tests.consultations.factories import make_plan

PROFILE = {"age": 50, "pain": 4, "active_minutes_per_week": 60, "max_minutes_per_session": 30,
           "wants_goals": False, "wants_reminders": False}


def test_bad_day_exercises_show_their_level_dose_and_still(world: Any, login: Any) -> None:
    plan = make_plan(world.patient_a, world.clinician_x)
    plan.flare_up = recommend(PROFILE, lang="en")["flare_up"]
    plan.save()
    exercise = next(i for i in plan.flare_up["items"] if exercise_card(i["code"], i.get("level"), "en"))
    card = exercise_card(exercise["code"], exercise["level"], "en")
    assert card is not None and exercise["level"] == 1
    world.patient_a.language = "en"  # patient pages speak the patient's language (issue 14, item 6)
    world.patient_a.save()
    html = login(world.patient_a_user).get(reverse("me:plan"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    bad_days = html[html.index('id="bad-days"'):]
    assert f"{card['level_name']} · {card['dose_text']}" in bad_days
    assert f'aria-labelledby="ex-{exercise["code"]}-1-s-t' in bad_days  # the easier level's still
