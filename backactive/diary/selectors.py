"""Reads of the diary shared by the pages that show it (the GP screen, the patient's pages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import IntegerField, Value

from backactive.patients.models import Patient

from .models import ActivityEntry, DiaryChart, DiaryEffects, DiaryWeek, EntryCorrection, PainEntry
from .services import OWN_SOURCES
from .trends import VITAL_SIGN_DAYS, VitalSign, WeekTotal, exercise_vital_sign

MODERATE_OR_MORE = ("moderate", "vigorous")


def diary_series(patient: Patient) -> tuple[list[tuple[dt.date, int]], list[tuple[dt.date, int]]]:
    """(date, pain) and (date, minutes) of every entry, by date: the input of the weekly series.
    One query (both kinds as one UNION ALL), so the GP screen's bounded query count has room for
    the stored activity-and-pain analysis."""
    kind: IntegerField[int, int] = IntegerField()
    rows = (
        PainEntry.objects.filter(patient=patient).order_by().values_list("date", "pain", Value(0, output_field=kind))
        .union(ActivityEntry.objects.filter(patient=patient).order_by()
               .values_list("date", "minutes", Value(1, output_field=kind)), all=True)
    )
    pain: list[tuple[dt.date, int]] = []
    activity: list[tuple[dt.date, int]] = []
    for day, value, is_activity in rows:
        (activity if is_activity else pain).append((day, value))
    pain.sort(key=lambda row: row[0])
    activity.sort(key=lambda row: row[0])
    return pain, activity


def diary_weeks_and_days(patient: Patient, *, days_from: dt.date | None) -> tuple[
        list[WeekTotal], list[tuple[dt.date, int]], list[tuple[dt.date, int]]]:
    """The diary's weekly sums by week (about 52 rows for a year of daily entries) and, from
    ``days_from`` on (None: none), the (date, pain) and (date, minutes) of every entry, by date:
    what the GP screen reads of the diary, in one query (a UNION ALL of the three)."""
    kind: IntegerField[int, int] = IntegerField()
    zero: IntegerField[int, int] = IntegerField()
    rows = (DiaryWeek.objects.filter(patient=patient).order_by()
            .values_list("week", "minutes", "pain_sum", "pain_entries", Value(2, output_field=kind)))
    if days_from is not None:
        rows = rows.union(
            PainEntry.objects.filter(patient=patient, date__gte=days_from).order_by()
            .values_list("date", "pain", Value(0, output_field=zero), Value(0, output_field=zero),
                         Value(0, output_field=kind)),
            ActivityEntry.objects.filter(patient=patient, date__gte=days_from).order_by()
            .values_list("date", "minutes", Value(0, output_field=zero), Value(0, output_field=zero),
                         Value(1, output_field=kind)),
            all=True,
        )
    totals: list[WeekTotal] = []
    pain: list[tuple[dt.date, int]] = []
    activity: list[tuple[dt.date, int]] = []
    for day, value, pain_sum, pain_entries, what in rows:
        if what == 2:
            totals.append(WeekTotal(start=day, minutes=value, pain_sum=pain_sum, pain_entries=pain_entries))
        else:
            (activity if what else pain).append((day, value))
    totals.sort(key=lambda t: t.start)
    pain.sort()
    activity.sort()
    return totals, pain, activity


def diary_chart(patient: Patient, *, key: str) -> str | None:
    """The stored chart if it was drawn from what ``key`` names, else None."""
    svg: str | None = DiaryChart.objects.filter(patient=patient, key=key).values_list("svg", flat=True).first()
    return svg


def vital_sign(patient: Patient, *, today: dt.date) -> VitalSign:
    """The Exercise Vital Sign and average pain of the last four weeks of the diary (one query):
    what a follow-up visit starts from."""
    start = today - dt.timedelta(days=VITAL_SIGN_DAYS - 1)
    kind: IntegerField[int, int] = IntegerField()
    rows = list(
        PainEntry.objects.filter(patient=patient, date__gte=start).order_by()
        .values_list("date", "pain", Value(0, output_field=kind))
        .union(ActivityEntry.objects.filter(patient=patient, date__gte=start, intensity__in=MODERATE_OR_MORE)
               .order_by().values_list("date", "minutes", Value(1, output_field=kind)), all=True)
    )
    pain = [(d, v) for d, v, is_activity in rows if not is_activity]
    activity = [(d, v) for d, v, is_activity in rows if is_activity]
    return exercise_vital_sign(pain, activity, today=today)


def diary_effects(patient: Patient) -> dict[str, Any] | None:
    """The stored activity-and-pain analysis (``Effects.to_dict()``; kept current by
    ``receivers.py``), or None before the patient's first entry came through the services."""
    result: dict[str, Any] | None = (
        DiaryEffects.objects.filter(patient=patient).values_list("result", flat=True).first()
    )
    return result


def own_entry_exists(*, patient: Patient, kind: str, entry_id: int) -> bool:
    model = PainEntry if kind == "pain" else ActivityEntry
    return model.objects.filter(pk=entry_id, patient=patient, source__in=OWN_SOURCES).exists()


def week_entries(*, patient: Patient, start: dt.date, days: int = 7) -> dict[dt.date, dict[str, list[Any]]]:
    """The entries already stored for each day from ``start`` (the paper week shows them)."""
    end = start + dt.timedelta(days=days - 1)
    found: dict[dt.date, dict[str, list[Any]]] = {
        start + dt.timedelta(days=i): {"pain": [], "activity": []} for i in range(days)
    }
    for pain in PainEntry.objects.filter(patient=patient, date__range=(start, end)):
        found[pain.date]["pain"].append(pain)
    for activity in ActivityEntry.objects.filter(patient=patient, date__range=(start, end)):
        found[activity.date]["activity"].append(activity)
    return found


def corrections(*, patient: Patient, limit: int = 200) -> list[Any]:
    """The history of corrected and deleted entries, newest first, with who made them."""
    return list(EntryCorrection.objects.filter(patient=patient).select_related("by")[:limit])
