"""From the assessment to suggestions to a saved, versioned plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from backactive.consultations.models import Plan
from backactive.consultations.services import consultation_create


def _consultation(world: Any, **changes: Any) -> Any:
    data = {"date": dt.date.today(), "pain_now": 6, "pain_average": 6, "days_per_week": 1, "minutes_per_day": 30,
            "barriers": ["time", "fear_avoidance"], "conditions": ["knee_osteoarthritis"], "social": "alone",
            "settings": ["home"], "favourite_activities": ["swimming"], "max_minutes_per_session": 20, **changes}
    return consultation_create(patient=world.patient_a, clinician=world.clinician_x, data=data)


def test_saving_the_assessment_with_htmx_shows_suggestions_in_place(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    form = {"date": dt.date.today().isoformat(), "clinician": world.clinician_x.pk, "pain_now": "6",
            "pain_average": "6", "days_per_week": "1", "minutes_per_day": "30", "max_minutes_per_session": "20",
            "social": "alone", "barriers": ["time"]}
    response = client.post(reverse("consultations:create", args=[world.patient_a.pk]), form, HTTP_HX_REQUEST="true",
                           HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="consultation-area"' in body and 'name="chosen"' in body and "<html" not in body
    assert "Conversation guide (1 minute)" in body


def test_suggestions_respect_the_assessment_and_save_as_versioned_plans(world: Any, login: Any) -> None:
    consultation = _consultation(world)
    client = login(world.clinician_x)
    page = client.get(reverse("consultations:suggestions", args=[consultation.pk]), HTTP_ACCEPT_LANGUAGE="en")
    plan = page.context["plan"]
    assert plan["status"] == "ok" and plan["items"]
    assert all(i["impact"] != "high" for i in plan["items"])
    assert all(i["minutes"] is None or i["minutes"] <= 20 for i in plan["items"])
    assert plan["goals"] is None and plan["reminders"] is None  # not wanted, so not imposed
    codes = [i["code"] for i in plan["items"] if i["kind"] != "support"][:2]
    url = reverse("consultations:plan_create", args=[consultation.pk])
    response = client.post(url, {"chosen": codes, f"times_{codes[0]}": "4", "own_title": ["Gartenarbeit", ""],
                                 "own_minutes": ["20", ""], "own_times": ["2", ""], "wants_goals": "on"})
    assert response.status_code == 302
    first = Plan.objects.filter(patient=world.patient_a).first()  # the world's plan was version 1
    assert first is not None
    items = list(first.items.all())
    assert [i.code for i in items[:2]] == codes and items[0].times_per_week == 4
    assert items[2].kind == "own" and items[2].title == "Gartenarbeit" and items[2].minutes == 20
    assert first.version == 2 and first.goals is not None and first.reminders is None
    client.post(url, {"chosen": codes[:1]})
    assert list(Plan.objects.filter(patient=world.patient_a).values_list("version", flat=True)) == [3, 2, 1]
    history = client.get(reverse("consultations:plans", args=[world.patient_a.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Version 1" in history.content.decode() and "Version 3" in history.content.decode()
    detail = client.get(reverse("consultations:overview", args=[world.patient_a.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Version 3" in detail.content.decode()


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"chosen": ["running_on_the_moon"]}, "were not suggested"),
        ({}, "Choose at least one item"),
        ({"own_title": ["Tanzen"], "own_minutes": ["0"], "own_times": ["1"]}, "minutes must be from 1 to 600"),
        ({"own_title": [""], "own_minutes": ["20"], "own_times": ["1"]}, "give it a title"),
    ],
)
def test_bad_plan_input_saves_nothing(world: Any, login: Any, post: dict, message: str) -> None:
    consultation = _consultation(world)
    client = login(world.clinician_x)
    response = client.post(reverse("consultations:plan_create", args=[consultation.pk]), post,
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and message in response.content.decode()
    assert Plan.objects.count() == 1  # only the world's plan


def test_red_flag_means_clinical_review_and_no_plan(world: Any, login: Any) -> None:
    consultation = _consultation(world, red_flags=["unexplained_weight_loss"])
    client = login(world.clinician_x)
    page = client.get(reverse("consultations:suggestions", args=[consultation.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Clinical review first" in page.content.decode() and 'name="chosen"' not in page.content.decode()
    client.post(reverse("consultations:plan_create", args=[consultation.pk]), {"chosen": ["walking"]})
    assert Plan.objects.count() == 1  # only the world's plan


def test_offers_nearby_come_into_suggestions_and_any_can_be_added(world: Any, login: Any) -> None:
    from backactive.offers.models import Directory, Offer

    world.patient_a.postcode = "35037"
    world.patient_a.save()
    directory = Directory.objects.create(name="Marburg", practice=world.practice_x)
    pool = Offer.objects.create(directory=directory, name="Aquafit im Hallenbad", kind="course",
                                activities=["aqua_fitness"], lat=50.80, lon=8.77, setting="water",
                                participation="group", times_note="Di 18:00")
    far = Offer.objects.create(directory=directory, name="Weit weg", kind="club", activities=["swimming"],
                               lat=53.5, lon=10.0, setting="water", participation="group")
    club = Offer.objects.create(directory=directory, name="Lauftreff", kind="walking_group", activities=["running"],
                                lat=50.81, lon=8.78, setting="outdoor", participation="group")
    consultation = _consultation(world, social="group", barriers=["loneliness"], conditions=[], settings=["water"])
    client = login(world.clinician_x)
    plan = client.get(reverse("consultations:suggestions", args=[consultation.pk])).context["plan"]
    codes = {i["code"] for i in plan["items"]} | {f"offer:{o['id']}" for o in plan["nearby_offers"]}
    assert f"offer:{pool.pk}" in codes and f"offer:{far.pk}" not in codes
    client.post(reverse("consultations:plan_create", args=[consultation.pk]),
                {"chosen": [f"offer:{pool.pk}", f"offer:{club.pk}"]})
    saved = Plan.objects.filter(patient=world.patient_a).first()
    assert saved is not None and saved.version == 2
    details = [i.details for i in saved.items.all()]
    assert {d["name"] for d in details} == {"Aquafit im Hallenbad", "Lauftreff"}
    assert all(d["distance_km"] < 15 for d in details)
    response = client.post(reverse("consultations:plan_create", args=[consultation.pk]),
                           {"chosen": [f"offer:{far.pk}"]},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert "were not suggested" in response.content.decode()


def test_a_code_posted_twice_is_one_plan_item(world: Any, login: Any) -> None:
    consultation = _consultation(world)
    client = login(world.clinician_x)
    plan = client.get(reverse("consultations:suggestions", args=[consultation.pk])).context["plan"]
    code = next(i["code"] for i in plan["items"] if i["kind"] != "support")
    client.post(reverse("consultations:plan_create", args=[consultation.pk]), {"chosen": [code, code]})
    newest = Plan.objects.filter(patient=world.patient_a).first()
    assert newest is not None and [i.code for i in newest.items.all()] == [code]


def test_minutes_of_a_suggestion_can_be_changed_before_saving(world: Any, login: Any) -> None:
    """A one-hour walking group goes into the plan as one hour, not as the proposed session."""
    consultation = _consultation(world, max_minutes_per_session=60, social="group")
    client = login(world.clinician_x)
    page = client.get(reverse("consultations:suggestions", args=[consultation.pk])).content.decode()
    plan = client.get(reverse("consultations:suggestions", args=[consultation.pk])).context["plan"]
    activity = next(i for i in plan["items"] if i["kind"] == "activity")
    assert f'name="minutes_{activity["code"]}"' in page
    url = reverse("consultations:plan_create", args=[consultation.pk])
    client.post(url, {"chosen": [activity["code"]], f"minutes_{activity['code']}": "60"})
    saved = Plan.objects.filter(patient=world.patient_a).first()
    assert saved is not None and saved.items.get().minutes == 60
    response = client.post(url, {"chosen": [activity["code"]], f"minutes_{activity['code']}": "601"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert "Minutes must be from 1 to 600." in response.content.decode()
