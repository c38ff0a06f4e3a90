"""A current plan for a patient, made directly (the plan engine has its own tests)."""

from __future__ import annotations

from typing import Any

from django.db.models import Max

from backactive.consultations.models import Plan, PlanItem


def make_plan(patient: Any, created_by: Any, *, days: int | None = 3) -> Plan:
    version = (Plan.objects.filter(patient=patient).aggregate(v=Max("version"))["v"] or 0) + 1
    plan = Plan.objects.create(
        patient=patient,
        version=version,
        created_by=created_by,
        weekly_target_minutes=150,
        reminders={"days_per_week": days, "text": "x"} if days else None,
    )
    PlanItem.objects.create(
        plan=plan, position=0, code="walking", kind="activity", title="Walking", minutes=20, times_per_week=3
    )
    PlanItem.objects.create(
        plan=plan, position=1, code="bridge", kind="exercise", title="Bridge", minutes=10, times_per_week=3
    )
    PlanItem.objects.create(
        plan=plan, position=2, code="", kind="own", title="Walking the dog", minutes=15, times_per_week=5
    )
    return plan
