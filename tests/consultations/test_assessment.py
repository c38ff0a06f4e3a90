"""The consultation's clinical-safety fields (issue 11): mobility and floor, yellow flags scored on
paper by the one questionnaire module, red flags assessed and cleared (who, when, note), and the
suggestions and saved plan that follow from them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from backactive.consultations.models import Consultation
from backactive.consultations.plans import plan_as_recommendation, plan_suggestions
from backactive.consultations.services import consultation_create, plan_save
from backactive.questionnaires.selectors import current_answers

BASE: dict[str, Any] = {"pain_now": 5, "pain_average": 5, "days_per_week": 2, "minutes_per_day": 20}


def _create(world: Any, *, recorded_by: Any = None, **changes: Any) -> Consultation:
    data = {**BASE, "date": dt.date.today(), **changes}
    return consultation_create(patient=world.patient_a, clinician=world.clinician_x, data=data, recorded_by=recorded_by)


def _errors(world: Any, **changes: Any) -> dict[str, list[str]]:
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _create(world, **changes)
    return error.value.message_dict


def test_mobility_floor_and_yellow_flags_are_recorded_with_the_risk_group_from_the_scores(world: Any) -> None:
    c = _create(world, mobility="wheelchair", floor_ok=False, startback_total=6, startback_psychosocial=4,
                phq2_interest=2, phq2_down=2)
    c.refresh_from_db()
    assert (c.mobility, c.floor_ok, c.risk_group) == ("wheelchair", False, "high")
    assert (c.startback_total, c.startback_psychosocial) == (6, 4)
    assert c.phq2 is not None and current_answers(c.phq2) == {"interest": 2, "down": 2}
    assert _create(world, startback_total=5, startback_psychosocial=2).risk_group == "medium"
    assert _create(world, risk_group="low").risk_group == "low"  # from another validated tool
    assert _create(world).risk_group == "" and _create(world).mobility == "independent"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"startback_total": 5}, "startback_psychosocial", "both"),
        ({"startback_total": 3, "startback_psychosocial": 4}, "startback_psychosocial", "larger than the total"),
        ({"startback_total": 9, "startback_psychosocial": 1}, "startback_total", "more than 4 above"),
        ({"startback_total": 2, "startback_psychosocial": 1, "risk_group": "high"}, "risk_group", "scores give"),
        ({"phq2_down": 2}, "phq2_interest", "both"),
        ({"phq2_interest": 4, "phq2_down": 0}, "phq2_interest", "4"),
        ({"mobility": "scooter"}, "mobility", "scooter"),
        ({"risk_group": "extreme"}, "risk_group", "extreme"),
    ],
)
def test_implausible_yellow_flags_are_refused_naming_the_field(
    world: Any, changes: dict[str, Any], field: str, words: str
) -> None:
    errors = _errors(world, **changes)
    assert field in errors and words in " ".join(errors[field])


def test_the_database_refuses_impossible_scores_whatever_the_path(world: Any) -> None:
    c = _create(world)
    for changes in ({"startback_total": 3}, {"startback_total": 2, "startback_psychosocial": 5},
                    {"mobility": "rollerblades"}, {"risk_group": "some"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Consultation.objects.filter(pk=c.pk).update(**changes)


def test_a_gp_records_a_red_flag_as_assessed_and_cleared_with_who_when_and_note(world: Any) -> None:
    c = _create(world, red_flags=["cancer_history", "night_pain"], red_flags_cleared=["cancer_history"],
                clearance_note="Breast cancer 2015, in remission; no new symptoms")
    (entry,) = c.red_flag_clearances
    assert entry["code"] == "cancer_history" and entry["by"] == world.clinician_x.pk
    assert entry["by_name"] == world.clinician_x.display() and entry["note"].startswith("Breast cancer")
    assert abs(timezone.now() - dt.datetime.fromisoformat(entry["at"])) < dt.timedelta(minutes=5)  # any hour
    assert c.cleared_red_flags == ["cancer_history"] and c.open_red_flags == ["night_pain"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"red_flags": ["night_pain"], "red_flags_cleared": ["cancer_history"], "clearance_note": "ok"},
         "red_flags_cleared"),
        ({"red_flags": ["night_pain"], "red_flags_cleared": ["night_pain"], "clearance_note": "  "}, "clearance_note"),
        ({"red_flags": ["night_pain"], "red_flags_cleared": ["night_pain"], "clearance_note": "x" * 501},
         "clearance_note"),
    ],
)
def test_a_clearance_needs_a_ticked_flag_and_a_note(world: Any, changes: dict[str, Any], field: str) -> None:
    assert field in _errors(world, **changes)


def test_only_a_gp_can_clear_a_red_flag(world: Any) -> None:
    data = {"red_flags": ["night_pain"], "red_flags_cleared": ["night_pain"], "clearance_note": "MRI normal"}
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _create(world, recorded_by=world.assistant_x, **data)
    assert "Only a GP" in str(error.value.message_dict["red_flags_cleared"])
    assert _create(world, recorded_by=world.clinician_x, **data).cleared_red_flags == ["night_pain"]


def test_an_unchanged_clearance_carries_over_with_who_and_when_and_a_new_note_is_recorded_anew(world: Any) -> None:
    data = {"red_flags": ["cancer_history"], "red_flags_cleared": ["cancer_history"], "clearance_note": "Remission"}
    first = _create(world, **data).red_flag_clearances[0]
    first_by = {**first, "at": "2026-01-05T10:00:00+00:00"}
    Consultation.objects.filter(patient=world.patient_a).update(red_flag_clearances=[first_by])
    # The MFA enters the follow-up; the GP's clearance carries over unchanged.
    again = _create(world, recorded_by=world.assistant_x, **data).red_flag_clearances[0]
    assert again == first_by
    changed = _create(world, **{**data, "clearance_note": "Remission, oncology letter 2026"}).red_flag_clearances[0]
    assert changed["at"] != first_by["at"] and changed["note"].endswith("2026")


def test_a_cleared_flag_lets_the_plan_through_and_is_listed(world: Any) -> None:
    blocked = _create(world, red_flags=["cancer_history"])
    assert plan_suggestions(consultation=blocked, lang="en")["status"] == "needs_clinical_review"
    cleared = _create(world, red_flags=["cancer_history"], red_flags_cleared=["cancer_history"],
                      clearance_note="Remission")
    result = plan_suggestions(consultation=cleared, lang="en")
    assert result["status"] == "ok" and result["items"]
    assert [f["code"] for f in result["cleared_flags"]] == ["cancer_history"]


def test_assessment_fields_reach_the_suggestions(world: Any) -> None:
    c = _create(world, mobility="wheelchair", startback_total=7, startback_psychosocial=4, phq2_interest=3,
                phq2_down=1)
    result = plan_suggestions(consultation=c, lang="en")
    assert all(not {"walking", "standing", "floor"} & set(i["needs"]) for i in result["items"])
    considered = [x["code"] for x in result["considerations"]]
    assert "psychologically_informed_physio" in considered and "mood_assessment" in considered
    assert "mood_talk" in [i["code"] for i in result["items"]]  # PHQ-2 positive counts as low mood
    negative = _create(world, phq2_interest=1, phq2_down=1)
    assert "mood_talk" not in [i["code"] for i in plan_suggestions(consultation=negative, lang="en")["items"]]


def test_a_saved_plan_keeps_its_safety_net_and_flare_up_plan(world: Any) -> None:
    c = _create(world, conditions=["heart_disease"])
    suggestion = plan_suggestions(consultation=c, lang="de")
    chosen = [i["code"] for i in suggestion["items"] if i["kind"] != "support"][:2]
    plan = plan_save(consultation=c, created_by=world.clinician_x, lang="de", chosen=chosen, times={}, own=[],
                     wants_goals=False, wants_reminders=False)
    plan.refresh_from_db()
    assert plan.safety_net == suggestion["safety_net"] and plan.flare_up == suggestion["flare_up"]
    assert any(e["code"] == "heart_disease" for e in plan.safety_net)
    shown = plan_as_recommendation(plan)
    assert shown["safety_net"] == plan.safety_net and shown["flare_up"]["items"]
    old = plan_as_recommendation(world.plan_a)  # saved before plans carried them
    assert "safety_net" not in old and "flare_up" not in old
