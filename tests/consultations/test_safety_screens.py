"""Issue 11 on the screens: the GP screen shows a red flag's urgency and action and hides the
guide's reassurance while it is open; a cleared flag stays visible with who, when and note; the
form records mobility, yellow flags and clearances (a GP's, not an assistant's); the patient pages
show the flare-up plan and the safety net, and a target only to a patient who wanted goals."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.urls import reverse

from backactive.consultations.models import Consultation
from backactive.consultations.plans import plan_suggestions
from backactive.consultations.services import consultation_create, plan_save
from backactive.diary.models import ActivityEntry, PainEntry
from backactive.questionnaires.selectors import current_answers
from backactive.recommendations.knowledge import guide

FORM = {"pain_now": "5", "pain_average": "5", "days_per_week": "2", "minutes_per_day": "20", "social": "either",
        "max_minutes_per_session": "30", "note": "", "next_step": ""}
REASSURE = {"en": "hurt does not mean harm", "de": "heißt aber nicht, dass etwas kaputtgeht"}


def _post(client: Any, world: Any, **changes: Any) -> Any:
    data = {**FORM, "date": dt.date.today().isoformat(), "clinician": str(world.clinician_x.pk), **changes}
    return client.post(reverse("consultations:create", args=[world.patient_a.pk]), data, HTTP_ACCEPT_LANGUAGE="en")


def _overview(client: Any, world: Any, lang: str = "en") -> str:
    page = client.get(reverse("consultations:overview", args=[world.patient_a.pk]), HTTP_ACCEPT_LANGUAGE=lang)
    return page.content.decode()


def _record(world: Any, **data: Any) -> Consultation:
    base = {"date": dt.date.today(), "pain_now": 5, "pain_average": 5, "days_per_week": 2, "minutes_per_day": 20}
    return consultation_create(patient=world.patient_a, clinician=world.clinician_x, data={**base, **data})


def test_an_open_red_flag_shows_its_urgency_and_action_and_hides_the_reassurance(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    assert REASSURE["en"] in _overview(client, world).lower()
    _record(world, red_flags=["cauda_equina", "inflammatory_signs"])
    html = _overview(client, world)
    assert "Clinical review first." in html
    assert "Emergency – today" in html and "Refer as an emergency: MRI" in html
    assert "Soon – within weeks" in html and "axial spondyloarthritis" in html
    assert html.index("Emergency – today") < html.index("Soon – within weeks")  # most urgent first
    assert REASSURE["en"] not in html.lower()
    assert REASSURE["de"] not in _overview(client, world, "de")
    assert "Notfall – noch heute" in _overview(client, world, "de")


def test_a_cleared_flag_stays_visible_with_who_when_and_note(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    _record(world, red_flags=["cancer_history"], red_flags_cleared=["cancer_history"],
            clearance_note="Remission since 2019, oncology letter")
    html = _overview(client, world)
    assert "Clinical review first." not in html
    assert "Red flags assessed and cleared" in html and "History of cancer" in html
    assert f"cleared by {world.clinician_x.display()}" in html and "oncology letter" in html
    assert REASSURE["en"] in html.lower()


def test_the_form_records_mobility_yellow_flags_and_a_gps_clearance(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    form = client.get(reverse("consultations:create", args=[world.patient_a.pk]), HTTP_ACCEPT_LANGUAGE="en")
    html = form.content.decode()
    for field in ("mobility", "floor_ok", "startback_total", "startback_psychosocial", "risk_group", "phq2_interest",
                  "phq2_down", "red_flags_cleared", "clearance_note"):
        assert f'name="{field}"' in html, field
    assert "Little interest or pleasure in doing things" in html  # PHQ-2's own, free-to-use wording
    response = _post(client, world, mobility="walking_aid", floor_ok="no", startback_total="6",
                     startback_psychosocial="4", phq2_interest="2", phq2_down="1", red_flags=["night_pain"],
                     red_flags_cleared=["night_pain"], clearance_note="Pain eases when moving; MRI normal")
    assert response.status_code == 302
    c = Consultation.objects.filter(patient=world.patient_a).first()
    assert c is not None
    assert (c.mobility, c.floor_ok, c.risk_group) == ("walking_aid", False, "high")
    assert c.phq2 is not None and current_answers(c.phq2) == {"interest": 2, "down": 1}
    assert c.red_flag_clearances[0]["by"] == world.clinician_x.pk and c.open_red_flags == []
    again = client.get(reverse("consultations:create", args=[world.patient_a.pk]), HTTP_ACCEPT_LANGUAGE="en")
    page = again.content.decode()
    assert 'value="Pain eases when moving; MRI normal"' in page and "Cleared before:" in page
    assert re.search(r'name="mobility" value="walking_aid"[^>]*checked', page)
    assert re.search(r'name="floor_ok" value="no"[^>]*checked', page)


def test_an_assistant_cannot_clear_a_red_flag(world: Any, login: Any) -> None:
    client = login(world.assistant_x)
    before = Consultation.objects.count()
    response = _post(client, world, red_flags=["night_pain"], red_flags_cleared=["night_pain"],
                     clearance_note="Looks fine")
    assert response.status_code == 200 and "Only a GP can record" in response.content.decode()
    assert Consultation.objects.count() == before


def test_an_open_flag_tells_the_gp_what_the_patient_is_told_now(world: Any, login: Any) -> None:
    c = _record(world, red_flags=["cauda_equina"])
    html = login(world.clinician_x).get(reverse("consultations:suggestions", args=[c.pk]),
                                        HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Emergency – today" in html and "emergency department" in html
    assert 'name="chosen"' not in html


def test_suggestions_show_cautions_considerations_and_the_patients_safety_advice(world: Any, login: Any) -> None:
    c = _record(world, conditions=["heart_disease"], startback_total=7, startback_psychosocial=5)
    html = login(world.clinician_x).get(reverse("consultations:suggestions", args=[c.pk]),
                                        HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Check before the plan starts" in html and "cardiology clearance" in html
    assert "Consider further care" in html and "psychologically informed physiotherapy" in html
    assert "On paper for the patient" in html and "On a bad day" in html
    detail = login(world.clinician_x).get(reverse("consultations:detail", args=[c.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "high risk (STarT Back 7/5)" in detail.content.decode()


def _plan(world: Any, *, wants_goals: bool) -> Any:
    c = _record(world)
    chosen = [i["code"] for i in plan_suggestions(consultation=c, lang="en")["items"] if i["kind"] != "support"][:3]
    return plan_save(consultation=c, created_by=world.clinician_x, lang="en", chosen=chosen, times={}, own=[],
                     wants_goals=wants_goals, wants_reminders=False)


def test_the_patient_plan_page_shows_the_flare_up_plan_and_the_safety_net(world: Any, login: Any) -> None:
    world.patient_a.language = "en"  # the patient's pages follow their record's language
    world.patient_a.save()
    plan = _plan(world, wants_goals=False)
    html = login(world.patient_a_user).get(reverse("me:plan"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="bad-days"' in html and plan.flare_up["text"] in html
    assert all(i["title"] in html for i in plan.flare_up["items"])
    assert 'id="get-help"' in html and "urine or stools" in html
    assert "Aim over the coming weeks" not in html and "Goal:" not in html
    today = login(world.patient_a_user).get(reverse("me:today"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "#bad-days" in today


def test_no_target_on_the_patients_pages_without_goals(world: Any, login: Any) -> None:
    world.patient_a.language = "en"  # the patient's pages follow their record's language
    world.patient_a.save()
    PainEntry.objects.create(patient=world.patient_a, date=dt.date.today(), pain=4)
    ActivityEntry.objects.create(patient=world.patient_a, date=dt.date.today(), activity="walking", minutes=30)
    _plan(world, wants_goals=False)
    client = login(world.patient_a_user)
    assert 'class="target"' not in client.get(reverse("me:progress")).content.decode()
    _plan(world, wants_goals=True)
    assert 'class="target"' in client.get(reverse("me:progress")).content.decode()
    html = client.get(reverse("me:plan"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Aim over the coming weeks" in html and "Goal:" in html


def test_guides_used_on_screen_hide_reassurance_only_while_a_flag_is_open() -> None:
    assert len(guide(1, "en", red_flag_open=True)) == len(guide(1, "en")) - 1


def test_the_printed_chart_shows_the_target_only_with_goals(world: Any, rf: Any) -> None:
    from backactive.handouts.build import handout_input

    PainEntry.objects.create(patient=world.patient_a, date=dt.date.today(), pain=4)
    ActivityEntry.objects.create(patient=world.patient_a, date=dt.date.today(), activity="walking", minutes=30)
    request = rf.get("/")
    request.user = world.clinician_x
    without = handout_input(_plan(world, wants_goals=False), request=request, issue_invitation=False)
    assert 'class="target"' not in without["chart_svg"] and without["safety_net"] and without["flare_up"]
    with_goals = handout_input(_plan(world, wants_goals=True), request=request, issue_invitation=False)
    assert 'class="target"' in with_goals["chart_svg"]
