"""Reads for the GP patient page: a fixed, small number of queries whatever the diary's size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from backactive.consultations.models import Consultation, Plan
from backactive.diary.chart import ChartText, render_chart
from backactive.diary.models import ActivityEntry, PainEntry
from backactive.diary.trends import Change, Week, change_since_last_consultation, weekly_series

from .models import Patient


@dataclass(frozen=True)
class Overview:
    weeks: list[Week]
    chart_svg: str
    change: Change
    consultations: list[Consultation]
    last_consultation: Consultation | None
    plan: Plan | None

    @property
    def table(self) -> list[tuple[str, str, str]]:
        """The chart as table rows of ready strings (one format call per cell, not per filter)."""
        return [
            (w.start.strftime("%d.%m.%Y"), str(w.minutes), "–" if w.mean_pain is None else f"{w.mean_pain:.1f}")
            for w in self.weeks
        ]


def patient_search(queryset: QuerySet[Patient], query: str) -> QuerySet[Patient]:
    query = query.strip()
    if not query:
        return queryset
    return queryset.filter(display_name__icontains=query) | queryset.filter(pvs_number=query)


def diary_series(patient: Patient) -> tuple[list[tuple[dt.date, int]], list[tuple[dt.date, int]]]:
    pain = list(PainEntry.objects.filter(patient=patient).values_list("date", "pain"))
    activity = list(ActivityEntry.objects.filter(patient=patient).values_list("date", "minutes"))
    return pain, activity


def patient_overview(patient: Patient, text: ChartText, *, today: dt.date | None = None) -> Overview:
    today = today or timezone.localdate()
    consultations = list(Consultation.objects.filter(patient=patient).select_related("clinician"))
    pain, activity = diary_series(patient)
    dates = [c.date for c in consultations]
    weeks = weekly_series(pain, activity, until=today, since=min(dates) if dates else None)
    return Overview(
        weeks=weeks,
        chart_svg=render_chart(weeks, dates, text) if weeks else "",
        change=change_since_last_consultation(pain, activity, dates, today=today),
        consultations=consultations,
        last_consultation=consultations[0] if consultations else None,
        plan=Plan.objects.filter(patient=patient).prefetch_related("items").first(),
    )
