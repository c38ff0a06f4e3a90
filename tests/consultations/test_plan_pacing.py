"""The diary's pain-after-long-sessions pattern (issue 15) reaches the plan as pacing, with why."""

from __future__ import annotations

from typing import Any

from backactive.consultations.plans import plan_suggestions, profile_for
from backactive.diary.effects import Difference, Effects, LongSessions
from backactive.diary.models import DiaryEffects

BASE = {"threshold_minutes": 20, "pain_days": 60, "active_pairs": 25, "rest_pairs": 25,
        "next_day": Difference(-0.2, -0.7, 0.3)}


def store(patient: Any, effects: Effects) -> None:
    DiaryEffects.objects.update_or_create(patient=patient,
                                          defaults={"fingerprint": "test", "result": effects.to_dict()})


def codes(consultation: Any) -> set[str]:
    return {i["code"] for i in plan_suggestions(consultation=consultation, lang="en")["items"]}


def test_long_sessions_followed_by_pain_put_pacing_into_the_plan(world: Any) -> None:
    consultation = world.consultation_a
    consultation.barriers = []
    consultation.save()
    assert not profile_for(consultation, wants_goals=False, wants_reminders=False, location=None)[
        "long_session_pattern"]  # nothing stored yet
    store(world.patient_a, Effects(**BASE))  # type: ignore[arg-type]
    assert "pacing_plan" not in codes(consultation)
    store(world.patient_a, Effects(**BASE, long_sessions=LongSessions(  # type: ignore[arg-type]
        usual_minutes=30, long_over_minutes=45, pairs=8, difference=1.5, low=0.6, high=2.4)))
    assert profile_for(consultation, wants_goals=False, wants_reminders=False, location=None)["long_session_pattern"]
    assert "pacing_plan" in codes(consultation)


def test_more_pain_after_active_days_is_answered_with_pacing_too(world: Any) -> None:
    consultation = world.consultation_a
    consultation.barriers = []
    consultation.save()
    store(world.patient_a, Effects(**{**BASE, "next_day": Difference(1.0, 0.4, 1.6)}))  # type: ignore[arg-type]
    assert "pacing_plan" in codes(consultation)
