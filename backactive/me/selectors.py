"""Reads for the patient's own pages: today's choices, a day's entries, the week's minutes,
progress since the plan started, the plan with instructions, and the export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backactive.consultations.models import Consultation, Plan
from backactive.consultations.selectors import current_plan
from backactive.core import codes
from backactive.core.i18n import lang
from backactive.core.languages import is_rtl
from backactive.diary.activities import ACTIVITY_CODES, OTHER, activity_title
from backactive.diary.chart import render_screen_charts
from backactive.diary.models import ActivityEntry, PainEntry
from backactive.diary.presentation import EffectsView, change_sentence, chart_text, effects_view, week_table
from backactive.diary.selectors import diary_effects, diary_series
from backactive.diary.services import OWN_SOURCES
from backactive.diary.trends import change_since, monday, weekly_series
from backactive.exercises.cards import exercise_card
from backactive.exercises.practice import practice_card
from backactive.patients.models import Patient
from backactive.recommendations import knowledge

MINUTE_CHOICES = (10, 15, 20, 30, 45, 60, 90)
DEFAULT_ACTIVITY = "walking"


@dataclass(frozen=True)
class Doable:
    """A plan item the patient can tick as done: what it is stored as in the diary, and the
    patient's own entry of the day that ticked it (the one "undo" deletes), if any."""

    title: str
    activity: str
    minutes: int
    done_entry: int | None = None


def _in_language(code: str, saved: str, field: str, plan: Plan, current: str) -> str:
    """A plan item's title or why in the reader's language: as saved when the plan is in it, else
    the knowledge's words (a practice's own item stays as written)."""
    if plan.lang == current:
        return saved
    try:
        return str(getattr(knowledge.item(code), field).get(current)) if code else saved
    except KeyError:
        return saved


def doables(plan: Plan | None, entries: list[ActivityEntry] | None = None) -> list[Doable]:
    """The plan's items to tick, each marked done by one of the day's own entries of the same
    activity (an own item by its minutes too): one entry ticks one item."""
    if plan is None:
        return []
    unused = [e for e in entries or [] if e.source in OWN_SOURCES]
    current = lang()
    out = []
    for i in plan.items.all():
        if i.kind == "support":
            continue
        activity, minutes = (i.code if i.code in ACTIVITY_CODES else OTHER), i.minutes or 15
        match = next((e for e in unused if e.activity == activity and (activity != OTHER or e.minutes == minutes)),
                     None)
        if match is not None:
            unused.remove(match)
        out.append(Doable(title=_in_language(i.code, i.title, "title", plan, current), activity=activity,
                          minutes=minutes, done_entry=match.pk if match else None))
    return out


def activity_options(plan: Plan | None) -> tuple[list[tuple[str, str]], list[tuple[str, str]], str]:
    """(from the plan in its order, everything else) as (code, title) pairs for the activity
    select box, and the one chosen at first: the plan's first activity, else walking (never
    something the patient did not agree to)."""
    current = lang()
    planned = list(dict.fromkeys(i.code for i in plan.items.all() if i.code in ACTIVITY_CODES)) if plan else []
    mine = [(c, activity_title(c, current)) for c in planned]
    rest = sorted(
        ((c, activity_title(c, current)) for c in ACTIVITY_CODES if c not in planned and c != OTHER),
        key=lambda p: p[1].lower(),
    )
    return mine, [*rest, (OTHER, activity_title(OTHER, current))], planned[0] if planned else DEFAULT_ACTIVITY


def day_entries(patient: Patient, day: dt.date) -> tuple[list[PainEntry], list[ActivityEntry]]:
    """The day's entries; activities carry ``title`` in the reader's language."""
    activities = list(ActivityEntry.objects.filter(patient=patient, date=day).order_by("id"))
    current = lang()
    for entry in activities:
        entry.title = activity_title(entry.activity, current)  # type: ignore[attr-defined]
    return list(PainEntry.objects.filter(patient=patient, date=day).order_by("id")), activities


def week_minutes(patient: Patient, today: dt.date) -> int:
    start = monday(today)
    return sum(
        ActivityEntry.objects.filter(patient=patient, date__gte=start, date__lte=today).values_list(
            "minutes", flat=True
        )
    )


@dataclass(frozen=True)
class Progress:
    chart_svg: str
    sentence: str
    table: list[tuple[str, str, str]]
    plan: Plan | None
    effects: EffectsView | None = None  # what activity goes together with, in plain words


def progress(patient: Patient, *, today: dt.date | None = None) -> Progress:
    """The GP's chart (same function, same weeks) and one sentence on the change since the
    current plan started (or since the last visit when there is no plan yet)."""
    today = today or timezone.localdate()
    pain, activity = diary_series(patient)
    # The patient's pages know a visit an assistant entered once a GP has confirmed it.
    visits = list(Consultation.objects.filter(patient=patient, draft=False).values_list("date", flat=True))
    weeks = weekly_series(pain, activity, until=today, since=min(visits) if visits else None)
    plan = current_plan(patient)
    if plan is not None:
        started = timezone.localdate(plan.created_at)
        reference = _("your plan started on %(date)s") % {"date": date_format(started, "SHORT_DATE_FORMAT")}
        change = change_since(pain, activity, started, today=today)
        # A plan started today has no "since" yet; the shared sentence would speak of visits.
        sentence = (
            change_sentence(change, reference=reference)
            if change.since is not None
            else _("Your plan started today. A comparison appears once there is a week of entries.")
        )
    elif visits:
        sentence = change_sentence(change_since(pain, activity, max(visits), today=today))
    else:
        sentence = _("Your practice has not recorded a visit yet; a comparison starts from your plan.")
    table = week_table(weeks)
    target = wants_goals(patient, plan)
    chart = (render_screen_charts(weeks, visits, chart_text(_("you")), id_prefix="me-chart", show_target=target,
                                  rtl=is_rtl(lang()))
             if weeks else "")
    return Progress(chart_svg=chart, sentence=sentence, table=table, plan=plan,
                    effects=effects_view(diary_effects(patient), with_plot=False))


def wants_goals(patient: Patient, plan: Plan | None) -> bool:
    """Autonomy on the patient's own pages: a weekly target only for someone who wanted goals, in
    the plan agreed at the practice or in their own settings."""
    if plan is not None and plan.goals is not None:
        return True
    own = getattr(patient, "own_settings", None)
    return bool(getattr(own, "goal_minutes", None))


def _details(code: str, current: str) -> dict[str, Any]:
    try:
        return knowledge.item_details(code, current) if code else {}
    except KeyError:
        return {}


def item_title(item: Any, plan: Plan | None, current: str) -> str:
    """A plan item's title in the reader's language (the guided session's headings)."""
    return _in_language(item.code, item.title, "title", plan, current) if plan is not None else str(item.title)


def plan_details(plan: Plan) -> list[dict[str, Any]]:
    """Each plan item with the knowledge base's instructions, drawing and dose when it has them,
    and its title and why in the reader's language; home exercises as their level's card (name,
    dose, instructions, animation)."""
    current = lang()
    out = []
    for item in plan.items.all():
        details = _details(item.code, current)
        card = exercise_card(item.code, item.level, current, animated=True) if item.kind == "exercise" else None
        own = practice_card(item.code, plan.patient.practice_id, current) if item.kind == "exercise" else None
        if own is not None:  # an exercise of the practice's own list: its text, dose and picture
            details = {"instructions": own["instructions"], "dose_text": own["dose_text"], "picture": own["picture"]}
        out.append(
            {
                "item": item,
                "title": _in_language(item.code, item.title, "title", plan, current),
                "why": _in_language(item.code, item.why, "why", plan, current) if item.why else "",
                "instructions": card["instructions"] if card else details.get("instructions", ""),
                "drawing": None if card and card["drawing"] else details.get("drawing"),
                "equipment": details.get("equipment", []),
                "exercise": card,
                # A library exercise's dose is its level's (on the card); others keep the knowledge's.
                "dose": card["dose_text"] if card else details.get("dose_text", ""),
                "picture": details.get("picture"),
            }
        )
    return out


def goal_sentence(plan: Plan | None) -> str:
    """The plan's goal sentence in the reader's language ("" without goals)."""
    goals = plan.goals if plan is not None else None
    if not isinstance(goals, dict) or not goals.get("text"):
        return ""
    current = lang()
    if plan is None or plan.lang == current or not plan.weekly_target_minutes:
        return str(goals["text"])
    first = plan.first_week_minutes or plan.weekly_target_minutes
    key = "goals.keep" if first >= plan.weekly_target_minutes else "goals.build"
    return knowledge.goal_text(key, current, target=plan.weekly_target_minutes, first=first)


def education() -> list[dict[str, Any]]:
    """The patient education cards ("Pain does not mean damage", bad days, sleep, work)."""
    return knowledge.education_cards(lang())


@dataclass(frozen=True)
class SafetyAdvice:
    """When to get medical help, and what to do on a bad day (with its exercises)."""

    safety_net: list[str]
    flare_text: str
    flare_items: list[dict[str, Any]]


def safety_advice(plan: Plan | None) -> SafetyAdvice:
    """The plan's own safety net and flare-up plan as saved with it; for a plan saved before plans
    carried them (or no plan yet), the safety net and bad-day advice every patient gets."""
    current = lang()
    same = plan is not None and plan.lang == current  # else retold from the knowledge by code
    net = plan.safety_net if plan is not None and plan.safety_net else knowledge.general_safety_net(current)
    flare = plan.flare_up if plan is not None and plan.flare_up else {"text": knowledge.flare_up_text(current)}
    items = []
    for item in flare.get("items") or []:
        # A library exercise as its level's card (the flare-up plan's easier level), like the handout.
        card = exercise_card(item["code"], item.get("level"), current)
        details = _details(item["code"], current)
        title = item["title"] if same else details.get("title", item["title"])
        if card is not None:
            items.append({"title": title, "dose": f"{card['level_name']} · {card['dose_text']}",
                          "instructions": card["instructions"], "svg": card["drawing"]})
            continue
        items.append({"title": title,
                      "dose": details.get("dose_text", ""),
                      "instructions": details.get("instructions", ""), "drawing": details.get("drawing")})
    lines = [e["text"] if same else knowledge.safety_entry(str(e.get("code") or ""), current) or e["text"]
             for e in net]
    flare_text = flare["text"] if same or plan is None or not plan.flare_up else knowledge.flare_up_text(current)
    return SafetyAdvice(safety_net=lines, flare_text=flare_text, flare_items=items)


def export_rows(patient: Patient) -> dict[str, list[dict[str, Any]]]:
    """Everything in the patient's diary, as plain values (codes and their labels)."""
    current = lang()
    pain = [
        {
            "date": e.date.isoformat(),
            "pain_0_10": e.pain,
            "scale": e.scale,
            "source": e.source,
            "entry_id": str(e.client_id),
            "recorded_at": e.created_at.isoformat(),
        }
        for e in PainEntry.objects.filter(patient=patient).order_by("date", "id")
    ]
    activity = [
        {
            "date": e.date.isoformat(),
            "activity": e.activity,
            "activity_title": activity_title(e.activity, current),
            "minutes": e.minutes,
            "intensity": e.intensity,
            "intensity_label": codes.INTENSITIES[e.intensity].label(current)
            if e.intensity in codes.INTENSITIES
            else "",
            "steps": e.steps,
            "source": e.source,
            "entry_id": str(e.client_id),
            "recorded_at": e.created_at.isoformat(),
        }
        for e in ActivityEntry.objects.filter(patient=patient).order_by("date", "id")
    ]
    return {"pain": pain, "activity": activity}
