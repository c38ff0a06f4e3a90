"""Test data for the FHIR tests: a diary, two plan versions (the second with an offer) and goals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from backactive.consultations.models import Plan, PlanItem
from backactive.diary.services import activity_entry_create, pain_entry_create

TODAY = dt.date.today()


def fill_record(world: Any) -> dict[str, Any]:
    """Patient A gets pain entries, activity with steps over three weeks, and two plan versions."""
    patient, gp = world.patient_a, world.clinician_x
    start = TODAY - dt.timedelta(days=TODAY.weekday() + 14)  # Monday two weeks ago
    for n in range(3):
        pain_entry_create(patient=patient, date=start + dt.timedelta(days=n * 7), pain=6 - n, entered_by=gp)
    for n in range(15):
        activity_entry_create(patient=patient, date=start + dt.timedelta(days=n), activity="walking", minutes=20,
                              steps=4000 + n * 100 if n % 2 == 0 else None, entered_by=gp)  # fmt: skip
    old = Plan.objects.create(patient=patient, version=1, created_by=gp, lang="de", weekly_target_minutes=90,
                              first_week_minutes=50, goals=None)  # fmt: skip
    PlanItem.objects.create(plan=old, position=0, code="walking", kind="activity", title="Gehen", minutes=20,
                            times_per_week=2)  # fmt: skip
    goals = {"weekly_target_minutes": 150, "weeks": 8, "sessions_per_week": 3, "minutes_per_session": 20,
             "text": "In acht Wochen 150 Minuten pro Woche."}  # fmt: skip
    new = Plan.objects.create(patient=patient, version=2, created_by=gp, lang="de", weekly_target_minutes=150,
                              first_week_minutes=60, goals=goals, consultation=world.consultation_a)  # fmt: skip
    PlanItem.objects.create(plan=new, position=0, code="walking", kind="activity", title="Gehen", minutes=25,
                            times_per_week=3)  # fmt: skip
    offer = {"name": "Rückenfit im Park", "address": "Parkweg 1, 35037 Marburg", "times": "Di 18 Uhr"}
    PlanItem.objects.create(plan=new, position=1, code="offer:7", kind="offer", title="Rückenkurs", minutes=60,
                            times_per_week=1, details=offer)  # fmt: skip
    PlanItem.objects.create(plan=new, position=2, code="support:diary", kind="support", title="Tagebuch führen")
    return {"start": start, "old": old, "new": new}
