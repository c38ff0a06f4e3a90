"""The patient's questionnaires: due list, one page per questionnaire, partial answers resumable,
JSON saves from the phone, the thank-you page with calm help after a positive screen."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from backactive.questionnaires.models import Response

from .factories import assessment, enrol, running_study

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment(study: Any, coordinator: Any, world: Any) -> Any:
    return enrol(running_study(study, coordinator), world.patient_a, world.clinician_x)


def test_the_list_offers_what_may_be_answered_in_the_patients_language(enrolment: Any, world: Any, login: Any) -> None:
    client = login(world.patient_a_user)
    german = client.get(reverse("me:questionnaires"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    phq4 = assessment(enrolment, "baseline", "phq4")
    gcps = assessment(enrolment, "baseline", "gcps")
    assert reverse("me:questionnaire", kwargs={"assessment_id": phq4.pk}) in german
    assert reverse("me:questionnaire", kwargs={"assessment_id": gcps.pk}) not in german
    assert "auf Papier" in german
    assert client.get(reverse("me:questionnaire", kwargs={"assessment_id": gcps.pk})).status_code == 404


def test_partial_answers_are_kept_and_the_page_resumes(enrolment: Any, world: Any, login: Any) -> None:
    client = login(world.patient_a_user)
    target = assessment(enrolment, "baseline", "phq4")
    save = reverse("me:questionnaire_save", kwargs={"assessment_id": target.pk})
    assert client.post(save, {"nervous": "1", "worry": "2"}).status_code == 302
    page = client.get(reverse("me:questionnaire", kwargs={"assessment_id": target.pk})).content.decode()
    assert page.count("checked") == 2
    done = client.post(save, json.dumps({"answers": {"interest": 0, "down": 1}}), content_type="application/json")
    assert done.json() == {"complete": True}
    response = Response.objects.get()
    assert response.source == "patient" and response.scores["total"] == 4
    again = client.post(save, json.dumps({"answers": {"down": 3}}), content_type="application/json")
    assert again.json() == {"complete": True} and Response.objects.get().scores["total"] == 4  # a late re-send


def test_ipaq_days_of_zero_need_no_minutes(enrolment: Any, world: Any, login: Any) -> None:
    world.patient_a.language = "en"  # patient pages speak the patient's language (issue 14, item 6)
    world.patient_a.save()
    client = login(world.patient_a_user)
    target = assessment(enrolment, "baseline", "ipaq_sf")
    save = reverse("me:questionnaire_save", kwargs={"assessment_id": target.pk})
    answers = {"vigorous_days": 0, "moderate_days": 0, "walking_days": 5, "walking_minutes": 40, "sitting_minutes": 480}
    response = client.post(
        save, json.dumps({"answers": answers}), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json() == {"complete": True}
    assert Response.objects.get().scores["met_minutes_week"] == 660.0


def test_bad_answers_are_refused_with_a_message(enrolment: Any, world: Any, login: Any) -> None:
    client = login(world.patient_a_user)
    save = reverse("me:questionnaire_save", kwargs={"assessment_id": assessment(enrolment, "baseline", "phq4").pk})
    response = client.post(save, json.dumps({"answers": {"down": 9}}), content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]
    assert client.post(save, "[]", content_type="application/json").status_code == 400


def test_a_positive_screen_brings_calm_help(enrolment: Any, world: Any, login: Any) -> None:
    world.practice_x.phone = "06421 123456"
    world.practice_x.save()
    client = login(world.patient_a_user)
    target = assessment(enrolment, "baseline", "phq4")
    client.post(
        reverse("me:questionnaire_save", kwargs={"assessment_id": target.pk}),
        {"nervous": "2", "worry": "2", "interest": "2", "down": "2"},
    )
    page = client.get(reverse("me:questionnaire_done", kwargs={"assessment_id": target.pk})).content.decode()
    assert 'data-testid="help"' in page
    assert "0800 111 0 111" in page and "0800 111 0 222" in page and "06421 123456" in page


def test_no_help_box_without_a_positive_screen(enrolment: Any, world: Any, login: Any) -> None:
    client = login(world.patient_a_user)
    target = assessment(enrolment, "baseline", "phq4")
    client.post(
        reverse("me:questionnaire_save", kwargs={"assessment_id": target.pk}),
        {"nervous": "0", "worry": "1", "interest": "0", "down": "1"},
    )
    page = client.get(reverse("me:questionnaire_done", kwargs={"assessment_id": target.pk})).content.decode()
    assert 'data-testid="help"' not in page


def test_another_patients_questionnaire_is_not_found(enrolment: Any, world: Any, login: Any) -> None:
    client = login(world.patient_b_user)
    target = assessment(enrolment, "baseline", "phq4")
    for name in ("me:questionnaire", "me:questionnaire_done"):
        assert client.get(reverse(name, kwargs={"assessment_id": target.pk})).status_code == 404
    assert (
        client.post(reverse("me:questionnaire_save", kwargs={"assessment_id": target.pk}), {"down": "1"}).status_code
        == 404
    )
    assert not Response.objects.exists()
