"""Reads of consultations and plans: the current plan (asked for by the patient pages, reminders,
the GDT results and the GP screen) and the GP screen's overview, in a fixed, small number of
queries whatever the diary's size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from backactive.diary.chart import ChartText, render_screen_charts
from backactive.diary.presentation import week_table
from backactive.diary.selectors import diary_effects, diary_series
from backactive.diary.trends import Change, Week, change_since_last_consultation, weekly_series
from backactive.patients.models import Patient

from .models import Consultation, Plan


def current_plan(patient: Patient) -> Plan | None:
    """The plan the patient follows now: the highest version, with its items."""
    return Plan.objects.filter(patient=patient).order_by("-version").prefetch_related("items").first()


@dataclass(frozen=True)
class Overview:
    weeks: list[Week]
    chart_svg: str
    change: Change
    consultations: list[Consultation]
    last_consultation: Consultation | None
    plan: Plan | None
    effects: dict[str, Any] | None = None  # the stored activity-and-pain analysis

    @property
    def table(self) -> list[tuple[str, str, str]]:
        """The chart as table rows of ready strings (one format call per cell, not per filter)."""
        return week_table(self.weeks)

    @property
    def dates(self) -> list[dt.date]:
        return [c.date for c in self.consultations]



def patient_overview(patient: Patient, text: ChartText, *, today: dt.date | None = None) -> Overview:
    """The GP screen: weekly activity and pain since the first visit, the change since the last."""
    today = today or timezone.localdate()
    consultations = list(Consultation.objects.filter(patient=patient).select_related("clinician"))
    pain, activity = diary_series(patient)
    dates = [c.date for c in consultations]
    weeks = weekly_series(pain, activity, until=today, since=min(dates) if dates else None)
    return Overview(
        weeks=weeks,
        chart_svg=render_screen_charts(weeks, dates, text) if weeks else "",
        change=change_since_last_consultation(pain, activity, dates, today=today),
        consultations=consultations,
        last_consultation=consultations[0] if consultations else None,
        plan=current_plan(patient),
        effects=diary_effects(patient),  # stored when entries change: never computed here
    )
