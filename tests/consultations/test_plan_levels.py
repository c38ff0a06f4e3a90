"""Levels of home exercises in plans: suggested at the patient's level, chosen by the GP in the
plan form, kept from plan to plan, changed by the patient on their plan page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from backactive.consultations.models import Plan, PlanItem
from backactive.consultations.plans import plan_as_recommendation, profile_for
from backactive.consultations.services import consultation_create, plan_item_level_set, plan_save
from backactive.recommendations import knowledge


def _consultation(world: Any) -> Any:
    data = {"date": dt.date.today(), "pain_now": 4, "pain_average": 4, "days_per_week": 2, "minutes_per_day": 20,
            "barriers": ["time"], "social": "alone", "settings": ["home"], "max_minutes_per_session": 30}
    return consultation_create(patient=world.patient_a, clinician=world.clinician_x, data=data)


def _exercise_code(world: Any, client: Any, consultation: Any) -> str:
    page = client.get(reverse("consultations:suggestions", args=[consultation.pk]), HTTP_ACCEPT_LANGUAGE="en")
    return next(i["code"] for i in page.context["plan"]["items"] if i["kind"] == "exercise")


def test_the_gp_chooses_the_level_in_the_plan_form(world: Any, login: Any) -> None:
    consultation = _consultation(world)
    client = login(world.clinician_x)
    page = client.get(reverse("consultations:suggestions", args=[consultation.pk]), HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    code = _exercise_code(world, client, consultation)
    assert f'name="level_{code}"' in body and "Level 1 (easier)" in body
    response = client.post(reverse("consultations:plan_create", args=[consultation.pk]),
                           {"chosen": [code], f"level_{code}": "3"})
    assert response.status_code == 302
    item = PlanItem.objects.get(plan__patient=world.patient_a, plan__version=2, code=code)
    assert item.level == 3 and item.minutes == knowledge.item(code).level(3).dose.minutes()
    overview = client.get(reverse("consultations:overview", args=[world.patient_a.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "level 3" in overview.content.decode()
    assert plan_as_recommendation(item.plan)["items"][0]["level"] == 3
    # the next consultation suggests it at the patient's level
    assert profile_for(_consultation(world), wants_goals=False, wants_reminders=False,
                       location=None)["exercise_levels"] == {code: 3}


def test_a_saved_exercise_gets_the_standard_level_and_bad_levels_are_refused(world: Any) -> None:
    consultation = _consultation(world)
    from backactive.consultations.plans import plan_suggestions

    code = next(i["code"] for i in plan_suggestions(consultation=consultation, lang="de")["items"]
                if i["kind"] == "exercise")
    plan = plan_save(consultation=consultation, created_by=world.clinician_x, lang="de", chosen=[code], times={},
                     own=[], wants_goals=False, wants_reminders=False)
    assert plan.items.get(code=code).level == 2
    with pytest.raises(ValidationError):
        plan_save(consultation=consultation, created_by=world.clinician_x, lang="de", chosen=[code], times={},
                  own=[], wants_goals=False, wants_reminders=False, levels={code: 5})


def test_only_exercises_have_levels_from_one_to_three(world: Any) -> None:
    walking = world.plan_a.items.get(code="walking")
    with pytest.raises(ValidationError):
        plan_item_level_set(item=walking, level=2)
    bridge = PlanItem.objects.create(plan=world.plan_a, position=1, code="bridge", kind="exercise", title="Bridge",
                                     minutes=3, times_per_week=2, level=2)
    with pytest.raises(ValidationError):
        plan_item_level_set(item=bridge, level=4)
    changed = plan_item_level_set(item=bridge, level=1)
    assert changed.level == 1 and changed.minutes == knowledge.item("bridge").level(1).dose.minutes()


def _bridge(world: Any) -> PlanItem:
    return PlanItem.objects.create(plan=world.plan_a, position=1, code="bridge", kind="exercise",
                                   title="Becken heben", minutes=3, times_per_week=2, level=2)


def test_the_patient_sees_the_level_dose_and_animation_and_changes_the_level(world: Any, login: Any) -> None:
    item = _bridge(world)
    client = login(world.patient_a_user)
    body = client.get(reverse("me:plan"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Stufe 2 (Standard)" in body and "Wiederholungen" in body
    assert 'class="exercise-animation"' in body and "<animate " in body and 'class="play"' in body
    assert "<title id=\"ex-bridge-2-a-t\">Becken heben (Brücke) – Stufe 2 (Standard)</title>" in body
    url = reverse("me:plan_level", args=[item.pk])
    assert 'name="level" value="3"' in body and 'name="level" value="1"' in body  # harder, easier
    assert client.post(url, {"level": "3"}).status_code == 302
    item.refresh_from_db()
    assert item.level == 3
    client.post(url, {"level": "3"})  # the same form sent again: still the one level up
    client.post(url, {"level": "4"})  # nothing beyond the hardest
    item.refresh_from_db()
    assert item.level == 3
    client.post(url, {"level": "1"})
    client.post(url, {"level": "0"})
    item.refresh_from_db()
    assert item.level == 1
    assert "Stufe 1 (leichter)" in client.get(reverse("me:plan"), HTTP_ACCEPT_LANGUAGE="de").content.decode()


def test_no_one_else_changes_a_patients_level(world: Any, login: Any) -> None:
    item = _bridge(world)
    url = reverse("me:plan_level", args=[item.pk])
    for user in (world.patient_b_user, world.clinician_x):
        assert login(user).post(url, {"level": "3"}).status_code == 404
    item.refresh_from_db()
    assert item.level == 2


def test_only_the_current_plans_exercise_can_change(world: Any, login: Any) -> None:
    item = _bridge(world)
    Plan.objects.create(patient=world.patient_a, consultation=world.consultation_a, version=2,
                        created_by=world.clinician_x, weekly_target_minutes=150, first_week_minutes=60)
    assert login(world.patient_a_user).post(reverse("me:plan_level", args=[item.pk]),
                                            {"level": "3"}).status_code == 404
