"""Suggestions after the assessment, and saving the plan the patient chose."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_htmx.http import HttpResponseClientRedirect

from backactive.accounts.access import staff_view
from backactive.accounts.http import StaffRequest
from backactive.core.i18n import lang
from backactive.core.once import once
from backactive.exercises.cards import level_choices
from backactive.recommendations.knowledge import guide

from . import access as consultation_access
from .holds import plan_hold
from .models import Consultation
from .plans import plan_suggestions
from .selectors import current_plan, red_flag_status
from .services import plan_save


def _int(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def _own_items(data: Any) -> list[dict[str, Any]]:
    titles, minutes, times = data.getlist("own_title"), data.getlist("own_minutes"), data.getlist("own_times")
    return [
        {"title": t, "minutes": _int(m) if _int(m) is not None else m, "times_per_week": _int(n) if _int(n) is not None
         else n}
        for t, m, n in zip(titles, minutes, times, strict=False) if t.strip() or m or n
    ]


def suggestions_context(request: HttpRequest, consultation: Consultation, errors: list[str] | None = None,
                        *, fresh: bool | None = None) -> dict:
    """What the suggestions form shows. Opened afresh, it starts from the current plan (its items
    ticked, its own items filled in), so a follow-up visit changes one item instead of
    re-entering the plan."""
    data = request.POST if request.method == "POST" else request.GET
    hold = plan_hold(consultation.patient)
    current = current_plan(consultation.patient)
    if fresh is None:
        fresh = request.method == "GET" and "chosen" not in data and "wants_goals" not in data
    if fresh and current is not None:
        wants_goals, wants_reminders = current.goals is not None, current.reminders is not None
        chosen = {i.code for i in current.items.all() if i.code}
        times = {i.code: i.times_per_week for i in current.items.all() if i.code}
        minutes = {i.code: i.minutes for i in current.items.all() if i.code and i.minutes}
        own = [{"title": i.title, "minutes": i.minutes, "times_per_week": i.times_per_week}
               for i in current.items.all() if i.kind == "own"]
    else:
        wants_goals, wants_reminders = data.get("wants_goals") == "on", data.get("wants_reminders") == "on"
        chosen = set(data.getlist("chosen"))
        times = {code: t for code in chosen if (t := _int(data.get(f"times_{code}"))) is not None}
        minutes = {code: m for code in chosen if (m := _int(data.get(f"minutes_{code}"))) is not None}
        own = _own_items(data)
    plan = plan_suggestions(consultation=consultation, lang=lang(), wants_goals=wants_goals,
                            wants_reminders=wants_reminders)
    levels = {code: v for code in chosen if (v := _int(data.get(f"level_{code}"))) is not None}
    for item in plan["items"] + plan.get("nearby_offers", []):
        code = item.get("code") or f"offer:{item.get('id')}"
        if code in times:
            item["times_per_week"] = times[code]
        if item.get("levels"):
            item["level"] = levels.get(code, item["level"])
            item["level_choices"] = level_choices(code, lang())
        if code in minutes and item.get("kind") != "exercise":
            item["minutes"] = minutes[code]
    flags = red_flag_status(consultation, lang())
    return {
        "consultation": consultation, "patient": consultation.patient, "plan": plan,
        "wants_goals": wants_goals, "wants_reminders": wants_reminders, "chosen": chosen,
        "own_rows": [*own, {}, {}][: max(2, len(own) + 1)], "errors": errors or [],
        "flags": flags, "hold": hold,
        # While a red flag is open the guide leaves out its reassurance: pain may then mean harm.
        "guide_1": guide(1, lang(), red_flag_open=bool(flags.open)),
        "guide_5": guide(5, lang(), red_flag_open=bool(flags.open)),
    }


@staff_view
def suggestions(request: StaffRequest, consultation_id: int) -> HttpResponse:
    consultation = consultation_access.get_consultation_for_user(request.user, consultation_id)
    template = "consultations/_suggestions.html" if request.htmx else "consultations/suggestions.html"
    return render(request, template, suggestions_context(request, consultation))


@staff_view
@once
def plan_create(request: StaffRequest, consultation_id: int) -> HttpResponse:
    consultation = consultation_access.get_consultation_for_user(request.user, consultation_id)
    if request.method != "POST":
        return redirect("consultations:suggestions", consultation_id=consultation.pk)
    chosen = request.POST.getlist("chosen")
    times = {code: t for code in chosen if (t := _int(request.POST.get(f"times_{code}"))) is not None}
    levels = {code: v for code in chosen if (v := _int(request.POST.get(f"level_{code}"))) is not None}
    minutes = {code: m for code in chosen if (m := _int(request.POST.get(f"minutes_{code}"))) is not None}
    try:
        hold = plan_hold(consultation.patient)
        if hold:
            raise ValidationError(hold)
        # The plan is written in the patient's language (titles, reasons, handout), not the GP's.
        plan_save(consultation=consultation, created_by=request.user, lang=consultation.patient.language,
                  chosen=chosen, times=times, minutes=minutes, own=_own_items(request.POST),
                  wants_goals=request.POST.get("wants_goals") == "on",
                  wants_reminders=request.POST.get("wants_reminders") == "on", levels=levels)
    except ValidationError as exc:
        context = suggestions_context(request, consultation, errors=exc.messages)
        template = "consultations/_suggestions.html" if request.htmx else "consultations/suggestions.html"
        return render(request, template, context, status=200)
    target = redirect("consultations:overview", patient_id=consultation.patient_id)
    return HttpResponseClientRedirect(target.url) if request.htmx else target
