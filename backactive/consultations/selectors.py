"""Reads of consultations and plans: the current plan (asked for by the patient pages, reminders,
the GDT results and the GP screen) and the GP screen's overview, in a fixed, small number of
queries whatever the diary's size."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import astuple, dataclass
from typing import Any

from django.utils import timezone

from backactive.core import codes
from backactive.diary.chart import ChartText, render_screen_charts
from backactive.diary.presentation import week_table
from backactive.diary.selectors import diary_chart, diary_effects, diary_weeks_and_days
from backactive.diary.services import diary_chart_store
from backactive.diary.trends import (
    Change,
    Week,
    change_since_last_consultation,
    comparison_start,
    monday,
    weeks_from_totals,
)
from backactive.patients.models import Patient
from backactive.questionnaires.selectors import Phq2, phq2_latest, phq2_of
from backactive.recommendations.knowledge import red_flag_info

from .models import Consultation, Plan


def current_plan(patient: Patient) -> Plan | None:
    """The plan the patient follows now: the highest signed-off version, with its items."""
    return Plan.objects.filter(patient=patient, draft=False).order_by("-version").prefetch_related("items").first()


def draft_plan(patient: Patient, *, after: Plan | None) -> Plan | None:
    """The newest plan an assistant typed in that waits for a GP's sign-off, or None. Only a draft
    newer than ``after`` (the plan the patient follows) counts: a GP's later plan replaced it."""
    drafts = Plan.objects.filter(patient=patient, draft=True, version__gt=after.version if after else 0)
    return drafts.order_by("-version").select_related("created_by").prefetch_related("items").first()


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



# Part of every chart key: a change to how charts are drawn must not meet charts drawn before it.
CHART_VERSION = "1"


def chart_key(weeks: list[Week], dates: list[dt.date], text: ChartText) -> str:
    """What a chart is drawn from, hashed: the weekly sums (so any write to the diary that changes
    the chart changes the key), the consultation dates, every word, and how the reader writes a
    date and a number. The last week is the current one, so a new week also draws anew."""
    parts = [CHART_VERSION, [astuple(w) for w in weeks], dates,
             [text.title, text.description, text.minutes_axis, text.pain_axis, text.target, text.consultation,
              text.capped, text.day(dt.date(2001, 2, 3)), text.number(12345.6)]]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _chart(patient: Patient, weeks: list[Week], dates: list[dt.date], text: ChartText) -> str:
    if not weeks:
        return ""
    key = chart_key(weeks, dates, text)
    svg = diary_chart(patient, key=key)
    if svg is None:
        svg = render_screen_charts(weeks, dates, text)
        diary_chart_store(patient=patient, key=key, svg=svg)
    return svg


def _change(weeks: list[Week], dates: list[dt.date], pain: list[tuple[dt.date, int]],
            activity: list[tuple[dt.date, int]], *, read_from: dt.date | None, today: dt.date) -> Change:
    """The comparison reads the days from the Monday before its window on; the weekly sums say
    whether the diary began before that (then where exactly does not matter)."""
    if read_from is None:
        return change_since_last_consultation([], [], dates, today=today)
    first_week = next((w.start for w in weeks if w.minutes or w.pain_entries), None)
    earlier = first_week is not None and first_week < read_from
    first_entry = first_week if earlier else min((d for d, _ in [*pain, *activity]), default=None)
    return change_since_last_consultation(pain, activity, dates, today=today, first_entry=first_entry)


def patient_overview(patient: Patient, text: ChartText, *, today: dt.date | None = None) -> Overview:
    """The GP screen: weekly activity and pain since the first visit, the change since the last.
    Reads the stored weekly sums (``DiaryWeek``) and the days of the comparison window (one query),
    and the chart as stored for the same sums, dates and words (drawn and stored when they changed)."""
    today = today or timezone.localdate()
    consultations = list(Consultation.objects.filter(patient=patient).select_related("clinician", "entered_by",
                                                                                       "confirmed_by"))
    dates = [c.date for c in consultations]
    start = comparison_start(dates, today=today)
    read_from = monday(start) if start else None
    totals, pain, activity = diary_weeks_and_days(patient, days_from=read_from)
    weeks = weeks_from_totals(totals, until=today, since=min(dates) if dates else None)
    return Overview(
        weeks=weeks,
        chart_svg=_chart(patient, weeks, dates, text),
        change=_change(weeks, dates, pain, activity, read_from=read_from, today=today),
        consultations=consultations,
        last_consultation=consultations[0] if consultations else None,
        plan=current_plan(patient),
        effects=diary_effects(patient),  # stored when entries change: never computed here
    )


@dataclass(frozen=True)
class RedFlagStatus:
    """What the GP screen shows of a consultation's red flags: the open ones with urgency and the
    action in words (most urgent first), and the cleared ones with who, when and what was found."""

    open: list[dict[str, str]]
    cleared: list[dict[str, object]]


def red_flag_status(consultation: Consultation | None, lang: str) -> RedFlagStatus:
    if consultation is None:
        return RedFlagStatus(open=[], cleared=[])
    order = list(codes.URGENCIES)
    open_ = sorted(
        (red_flag_info(code, lang) for code in consultation.open_red_flags),
        key=lambda f: (order.index(f["urgency"]), list(codes.RED_FLAGS).index(f["code"])),
    )
    cleared = []
    for entry in consultation.red_flag_clearances:
        if entry["code"] not in consultation.red_flags:
            continue
        at = dt.datetime.fromisoformat(entry["at"])
        cleared.append({**red_flag_info(entry["code"], lang), "by_name": entry["by_name"],
                        "at": timezone.localtime(at) if timezone.is_aware(at) else at, "note": entry["note"]})
    return RedFlagStatus(open=open_, cleared=cleared)


def _yellow(consultation: Consultation | None, phq2: Phq2 | None) -> dict[str, object] | None:
    if not (consultation and consultation.risk_group) and phq2 is None:
        return None
    return {
        "risk_group": consultation.risk_group if consultation else "",
        "startback": (consultation.startback_total, consultation.startback_psychosocial)
        if consultation and consultation.startback_total is not None
        else None,
        "phq2": phq2,
        # Dated when it was not answered on the consultation's day (e.g. a PHQ-4 on the phone).
        "phq2_date": phq2.answered_on if phq2 and (consultation is None or phq2.answered_on != consultation.date)
        else None,
    }


def yellow_flags(consultation: Consultation | None) -> dict[str, object] | None:
    """The risk group and the PHQ-2 result of a consultation, or None if neither was recorded."""
    if consultation is None:
        return None
    return _yellow(consultation, phq2_of(consultation.phq2))


def patient_yellow_flags(patient: Patient, consultation: Consultation | None, *,
                         alerted: set[int]) -> dict[str, object] | None:
    """The GP screen's yellow flags: the last consultation's risk group and the newest PHQ-2 from
    any source (asked in a consultation, or the PHQ-2 items of a PHQ-4 the patient answered), once:
    a positive screen still waiting in the alert banner (``alerted``: its response ids) is shown
    there and not repeated here."""
    phq2 = phq2_latest(patient)
    return _yellow(consultation, None if phq2 is None or phq2.response_id in alerted else phq2)
