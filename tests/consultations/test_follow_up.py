"""The follow-up panel (issue 14): prefilled from the diary and the last visit, one submit saves
the consultation and the updated plan (items ticked or not, minutes and times a week per item),
a visible confirmation with the print button, errors beside their fields, nothing half saved."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.urls import reverse

from backactive.consultations.models import Consultation, Plan
from backactive.consultations.plans import plan_suggestions, profile_for
from backactive.diary.models import ActivityEntry, PainEntry
from backactive.recommendations.engine import allowed_codes


def _post(world: Any, **changes: Any) -> dict[str, Any]:
    data = {"date": dt.date.today().isoformat(), "clinician": str(world.clinician_x.pk), "pain_now": "4",
            "pain_average": "5", "days_per_week": "3", "minutes_per_day": "30", "max_minutes_per_session": "30",
            "social": "either", "chosen": ["walking"], "minutes_walking": "60", "times_walking": "4"}
    return {**data, **changes}


def _gp(world: Any, login: Any) -> Any:
    client = login(world.clinician_x)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _url(world: Any) -> str:
    return reverse("consultations:follow_up", args=[world.patient_a.pk])


def test_the_panel_starts_from_the_diary_the_last_visit_and_the_plan(world: Any, login: Any) -> None:
    today = dt.date.today()
    for d in range(0, 28, 2):  # 14 active days in four weeks, 30 minutes each; pain 3 and 4
        ActivityEntry.objects.create(patient=world.patient_a, date=today - dt.timedelta(days=d), activity="walking",
                                     minutes=30, intensity="moderate")
        PainEntry.objects.create(patient=world.patient_a, date=today - dt.timedelta(days=d), pain=3 + d % 4 // 2)
    ActivityEntry.objects.create(patient=world.patient_a, date=today - dt.timedelta(days=1), activity="walking",
                                 minutes=90, intensity="light")  # light activity is no part of the vital sign
    world.consultation_a.barriers = ["time"]
    world.consultation_a.save()
    body = _gp(world, login).get(reverse("consultations:overview", args=[world.patient_a.pk])).content.decode()
    panel = body[body.index('id="follow-up"'):]
    assert re.search(r'name="pain_now"[^>]*id="fu_pain_now"', panel) and 'id="fu_pain_now" value' not in panel
    assert 'name="days_per_week" value="4"' in panel and 'name="minutes_per_day" value="30"' in panel
    assert 'name="pain_average" value="4"' in panel  # mean of 3 and 4, rounded half to even
    assert re.search(r'value="time"[^>]*checked', panel)  # last time's barrier, ticked
    assert re.search(r'name="chosen" value="walking" checked', panel)
    assert 'name="minutes_walking" value="20"' in panel and 'name="times_walking" value="3"' in panel
    assert 'id="save-follow-up"' in panel


def test_one_submit_saves_the_consultation_and_the_plan_and_confirms(world: Any, login: Any) -> None:
    client = _gp(world, login)
    response = client.post(_url(world), _post(world))
    assert response.status_code == 302 and "?saved=" in response["Location"]
    consultation = Consultation.objects.filter(patient=world.patient_a).first()
    assert consultation is not None and consultation.pain_now == 4 and consultation.minutes_per_week == 90
    plan = Plan.objects.filter(patient=world.patient_a).order_by("-version").first()
    assert plan is not None and plan.version == 2 and plan.consultation_id == consultation.pk
    walking = plan.items.get(code="walking")
    assert (walking.minutes, walking.times_per_week) == (60, 4)  # a one-hour walk stays one hour
    page = client.get(response["Location"]).content.decode()
    assert "The consultation of" in page and "(version 2) are saved" in page
    assert f'action="/plans/{plan.pk}/handout.pdf"' in page and 'id="print-handout"' in page


def test_with_htmx_the_panel_and_the_plan_are_replaced_in_place(world: Any, login: Any) -> None:
    response = _gp(world, login).post(_url(world), _post(world), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and 'class="saved"' in body
    assert 'id="current-plan"' in body and "60 min" in body  # swapped out of band


def test_an_item_of_the_plan_that_still_suits_can_stay_though_not_suggested_again(world: Any, login: Any) -> None:
    suggested = {i["code"] for i in plan_suggestions(consultation=world.consultation_a, lang="en")["items"]}
    allowed = allowed_codes(profile_for(world.consultation_a, wants_goals=False, wants_reminders=False, location=None))
    keep = sorted(allowed - suggested)[0]
    item = world.plan_a.items.get()
    item.code = keep
    item.save()
    response = _gp(world, login).post(_url(world), _post(world, chosen=[keep], **{f"minutes_{keep}": "25"}))
    assert response.status_code == 302
    plan = Plan.objects.filter(patient=world.patient_a).order_by("-version").first()
    assert plan is not None and [(i.code, i.minutes) for i in plan.items.all()] == [(keep, 25)]


def test_an_item_that_no_longer_suits_undoes_the_whole_visit(world: Any, login: Any) -> None:
    item = world.plan_a.items.get()
    item.code = "running"  # high impact: never with fear of pain
    item.save()
    before = Consultation.objects.count()
    response = _gp(world, login).post(_url(world), _post(world, chosen=["running"], barriers=["fear_avoidance"]))
    body = response.content.decode()
    assert response.status_code == 200 and "These items were not suggested: running." in body
    assert 'class="error" data-error-focus' in body
    assert Consultation.objects.count() == before and Plan.objects.filter(patient=world.patient_a).count() == 1


def test_a_red_flag_saves_the_consultation_without_a_plan(world: Any, login: Any) -> None:
    data = _post(world, red_flags=["fever_or_infection"])
    response = _gp(world, login).post(_url(world), data, HTTP_HX_REQUEST="true")
    assert "No plan while a red flag is open" in response.content.decode()
    assert Consultation.objects.filter(patient=world.patient_a).first().red_flags == ["fever_or_infection"]  # type: ignore[union-attr]
    assert Plan.objects.filter(patient=world.patient_a).count() == 1


def test_an_error_sits_beside_its_field_and_opens_its_section(world: Any, login: Any) -> None:
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    body = _gp(world, login).post(_url(world), _post(world, date=tomorrow)).content.decode()
    field = body[body.index('class="field has-error field-date"'):]
    assert field.index("The date lies in the future.") < field.index('name="date"')  # the message, then the field
    assert '<details class="fu-more" open>' in body
    assert Consultation.objects.filter(patient=world.patient_a).count() == 1


def test_the_panel_carries_the_clinical_safety_answers_of_the_last_visit(world: Any, login: Any) -> None:
    """Mobility, floor, a cleared red flag with its note, STarT Back and PHQ-2 (issue 11) come
    prefilled: a follow-up needs no action for them, and the cleared flag does not stop the plan."""
    last = world.consultation_a
    last.mobility, last.floor_ok = "walking_aid", False
    last.red_flags = ["night_pain"]
    last.red_flag_clearances = [{"code": "night_pain", "by": world.clinician_x.pk, "by_name": "Dr X",
                                 "at": "2026-01-05T10:00:00+00:00", "note": "Examined, no sign of harm"}]
    last.startback_total, last.startback_psychosocial, last.risk_group = 5, 4, "high"
    last.save()
    client = _gp(world, login)
    body = client.get(reverse("consultations:overview", args=[world.patient_a.pk])).content.decode()
    panel = body[body.index('id="follow-up"'):]
    assert re.search(r'value="walking_aid"[^>]*checked', panel) and re.search(r'value="no"[^>]*checked', panel)
    assert re.search(r'name="red_flags_cleared" value="night_pain"[^>]*checked', panel)
    assert "Examined, no sign of harm" in panel
    assert 'name="startback_total" value="5"' in panel and 'name="startback_psychosocial" value="4"' in panel
    # PHQ-2 is not carried: carried answers would be stored as a screening nobody asked (issue 20:
    # one stored answer); one answered in the last two weeks is used without asking again.
    assert not re.search(r'name="phq2_interest"[^>]*>(?:(?!</select>).)*value="\d" selected', panel, re.S)
    # The same answers posted unchanged: the consultation and the plan are saved, clearance kept.
    response = client.post(_url(world), _post(
        world, mobility="walking_aid", floor_ok="no", red_flags=["night_pain"], red_flags_cleared=["night_pain"],
        clearance_note="Examined, no sign of harm", startback_total="5", startback_psychosocial="4",
        phq2_interest="1", phq2_down="0"))
    assert response.status_code == 302
    saved = Consultation.objects.filter(patient=world.patient_a).first()
    assert saved is not None and saved.pk != last.pk
    assert (saved.mobility, saved.floor_ok, saved.risk_group) == ("walking_aid", False, "high")
    assert saved.red_flag_clearances == last.red_flag_clearances  # who cleared it and when, unchanged
    plan = Plan.objects.filter(patient=world.patient_a).order_by("-version").first()
    assert plan is not None and plan.consultation_id == saved.pk and plan.safety_net and plan.flare_up
