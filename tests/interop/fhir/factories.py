"""Test data for the FHIR tests: a diary, two plan versions (the second with an offer) and goals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from backactive.consultations.models import Plan, PlanItem
from backactive.consultations.services import consultation_create
from backactive.diary.services import activity_entry_create, pain_entry_create
from backactive.patients.models import Patient

TODAY = dt.date.today()


def fill_record(world: Any, practice: Any = None) -> dict[str, Any]:
    """A new patient C of practice X (or ``practice``, with its GP) with one consultation, pain
    entries, activity with steps over three weeks, and two plan versions (so what the shared
    fixture holds does not matter)."""
    practice = practice or world.practice_x
    gp = world.clinician_x if practice == world.practice_x else world.clinician_y
    patient = Patient.objects.create(practice=practice, display_name="Clara C", year_of_birth=1970,
                                     sex="female", clinician=gp)  # fmt: skip
    consultation = consultation_create(patient=patient, clinician=gp, data={
        "date": TODAY - dt.timedelta(days=3), "pain_now": 5, "pain_average": 6, "days_per_week": 2,
        "minutes_per_day": 20})  # fmt: skip
    start = TODAY - dt.timedelta(days=TODAY.weekday() + 14)  # Monday two weeks ago
    pains = [pain_entry_create(patient=patient, date=start + dt.timedelta(days=n * 7), pain=6 - n, entered_by=gp)
             for n in range(3)]  # fmt: skip
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
                              first_week_minutes=60, goals=goals, consultation=consultation)  # fmt: skip
    PlanItem.objects.create(plan=new, position=0, code="walking", kind="activity", title="Gehen", minutes=25,
                            times_per_week=3)  # fmt: skip
    offer = {"name": "Rückenfit im Park", "address": "Parkweg 1, 35037 Marburg", "times": "Di 18 Uhr"}
    PlanItem.objects.create(plan=new, position=1, code="offer:7", kind="offer", title="Rückenkurs", minutes=60,
                            times_per_week=1, details=offer)  # fmt: skip
    PlanItem.objects.create(plan=new, position=2, code="support:diary", kind="support", title="Tagebuch führen")
    return {"patient": patient, "start": start, "old": old, "new": new, "pain": pains[0].entry}
