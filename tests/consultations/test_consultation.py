from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from backactive.consultations.models import Consultation
from backactive.consultations.services import consultation_create
from backactive.diary.services import pain_entry_create

GOOD = {"pain_now": "6", "pain_average": "5", "days_per_week": "3", "minutes_per_day": "25", "social": "group",
        "max_minutes_per_session": "30",
        "barriers": ["time", "fear_avoidance"], "settings": ["outdoor"], "favourite_activities": ["swimming"],
        "conditions": ["knee_osteoarthritis"], "note": "", "next_step": "Walk twice a week"}


def _form(world: Any, **changes: Any) -> dict[str, Any]:
    return {**GOOD, "date": dt.date.today().isoformat(), "clinician": str(world.clinician_x.pk), **changes}


def test_gp_records_a_consultation_with_the_exercise_vital_sign(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    response = client.post(reverse("consultations:create", args=[world.patient_a.pk]), _form(world))
    assert response.status_code == 302
    c = Consultation.objects.filter(patient=world.patient_a).first()
    assert c is not None and c.minutes_per_week == 75
    assert c.barriers == ["time", "fear_avoidance"] and c.social == "group"
    assert c.conditions == ["knee_osteoarthritis"] and c.clinician == world.clinician_x


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pain_now": "11"}, "less than or equal to 10"),
        ({"pain_average": "-1"}, "greater than or equal to 0"),
        ({"days_per_week": "8"}, "less than or equal to 7"),
        ({"minutes_per_day": "-3"}, "greater than or equal to 0"),
        ({"barriers": ["no_such_barrier"]}, "Select a valid choice"),
        ({"red_flags": ["itchy_nose"]}, "Select a valid choice"),
        ({"date": (dt.date.today() + dt.timedelta(days=1)).isoformat()}, "future"),
    ],
)
def test_bad_consultation_input_changes_nothing(world: Any, login: Any, changes: dict, message: str) -> None:
    client = login(world.clinician_x)
    before = Consultation.objects.count()
    response = client.post(reverse("consultations:create", args=[world.patient_a.pk]), _form(world, **changes),
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "Walk twice a week" in body  # what was typed stays
    assert Consultation.objects.count() == before


def test_service_refuses_unknown_codes_whatever_the_caller(world: Any) -> None:
    data = {"date": dt.date.today(), "pain_now": 3, "pain_average": 3, "days_per_week": 1, "minutes_per_day": 10,
            "barriers": ["time", "gremlins"], "conditions": ["pregnancy"]}
    with pytest.raises(ValidationError) as exc:
        consultation_create(patient=world.patient_a, clinician=world.clinician_x, data=data)
    assert "gremlins" in str(exc.value.message_dict["barriers"])


def test_form_is_prefilled_with_the_last_answers(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    client.post(reverse("consultations:create", args=[world.patient_a.pk]), _form(world))
    page = client.get(reverse("consultations:create", args=[world.patient_a.pk])).content.decode()
    assert 'value="fear_avoidance" id="id_barriers_' in page.replace("checked ", "").replace('checked="checked" ', "")
    assert page.count("checked") >= 4  # two barriers, outdoor, the knee condition, and 'group'


def test_red_flag_shows_the_clinical_review_banner(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    client.post(reverse("consultations:create", args=[world.patient_a.pk]), _form(world, red_flags=["cauda_equina"]),
                HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(reverse("consultations:overview", args=[world.patient_a.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Clinical review first" in page.content.decode()


def test_resent_diary_entry_is_stored_once(world: Any) -> None:
    cid = uuid.uuid4()
    first = pain_entry_create(patient=world.patient_a, date=dt.date.today(), pain=4, client_id=cid)
    again = pain_entry_create(patient=world.patient_a, date=dt.date.today(), pain=4, client_id=cid)
    assert first.created and not again.created and first.entry.pk == again.entry.pk
    with pytest.raises(ValidationError):
        pain_entry_create(patient=world.patient_b, date=dt.date.today(), pain=4, client_id=cid)


def test_the_gp_field_never_starts_empty(world: Any, login: Any) -> None:
    """An assistant entering for a patient without a named GP: last visit's GP, no "---------"."""
    client = login(world.assistant_x)
    body = client.get(reverse("consultations:create", args=[world.patient_b.pk])).content.decode()
    assert "---------" not in body
    consultation_create(patient=world.patient_b, clinician=world.clinician_x, data={
        "date": dt.date.today(), "pain_now": 4, "pain_average": 4, "days_per_week": 1, "minutes_per_day": 10})
    body = client.get(reverse("consultations:create", args=[world.patient_b.pk])).content.decode()
    assert f'<option value="{world.clinician_x.pk}" selected>' in body


def test_favourite_activities_offer_activities_only(world: Any, login: Any) -> None:
    body = login(world.clinician_x).get(reverse("consultations:create", args=[world.patient_a.pk])).content.decode()
    assert 'class="picker" data-picker' in body and 'value="walking"' in body
    assert 'name="favourite_activities" value="bridge"' not in body  # an exercise
    assert 'name="favourite_activities" value="step_rest"' not in body  # a rest position
