"""The follow-up panel of the GP screen: one form for a visit after the first one.

Everything is prefilled: pain in the last four weeks and the Exercise Vital Sign from the diary
(else as last time), every other answer of the consultation as at the last visit (fields added
to the consultation form later included), the current plan ticked with its minutes and times a
week. The GP changes only what is different; one submit saves the consultation and the plan."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from django.utils import timezone

from backactive.accounts.models import User
from backactive.diary.selectors import vital_sign
from backactive.diary.trends import VitalSign
from backactive.patients.models import Patient
from backactive.recommendations import knowledge

from .forms import ConsultationForm, last_visit_initial
from .models import Consultation, Plan
from .plans import MINUTES_EDITABLE, plan_suggestions
from .services import PlanChoice

# Shown in the panel's first two columns; every other field of the form sits, prefilled, under
# "More" (date, GP, health, red flags, note, and whatever the consultation gains later).
TODAY_FIELDS = ("pain_now", "pain_average", "days_per_week", "minutes_per_day")
AS_LAST_TIME_FIELDS = ("barriers", "social", "settings", "favourite_activities")
# Never carried over from the last visit: they belong to this one.
# PHQ-2 is not carried either: carried answers would be stored as a screening nobody asked; a recent
# one (two weeks) is used without asking (consultations.services._phq2_response).
NOT_CARRIED = {"date", "clinician", "pain_now", "pain_average", "days_per_week", "minutes_per_day", "note",
               "next_step", "phq2_interest", "phq2_down"}


def follow_up_initial(form: ConsultationForm, last: Consultation, *, sign: VitalSign) -> dict[str, Any]:
    """Last visit's answer for every field the consultation has, the diary's four weeks for pain
    and activity (else last visit's), today's date. Pain now is asked afresh."""
    initial: dict[str, Any] = {
        name: getattr(last, name) for name in form.fields if name not in NOT_CARRIED and hasattr(last, name)
    }
    initial |= last_visit_initial(last)  # fields stored in another shape (floor, cleared red flags)
    initial["pain_average"] = sign.pain_average if sign.pain_average is not None else last.pain_average
    if sign.activity_days:
        initial["days_per_week"], initial["minutes_per_day"] = sign.days_per_week, sign.minutes_per_day
    else:
        initial["days_per_week"], initial["minutes_per_day"] = last.days_per_week, last.minutes_per_day
    initial["date"] = timezone.localdate()
    return initial


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() else None


def choice_from_post(data: QueryDict) -> PlanChoice:
    chosen = data.getlist("chosen")
    own = [
        {"title": t, "minutes": _int(m) if _int(m) is not None else m, "times_per_week": _int(n) if _int(n) is not None
         else n}
        for t, m, n in zip(data.getlist("own_title"), data.getlist("own_minutes"), data.getlist("own_times"),
                           strict=False) if t.strip() or m or n
    ]
    return PlanChoice(
        chosen=chosen,
        times={c: t for c in chosen if (t := _int(data.get(f"times_{c}"))) is not None},
        minutes={c: m for c in chosen if (m := _int(data.get(f"minutes_{c}"))) is not None},
        own=own, wants_goals=data.get("wants_goals") == "on", wants_reminders=data.get("wants_reminders") == "on",
    )


def _row(item: dict[str, Any], *, checked: bool) -> dict[str, Any]:
    return {"code": item["code"], "kind": item["kind"], "title": item["title"], "minutes": item.get("minutes"),
            "times": item.get("times_per_week"), "why": item.get("why", ""), "checked": checked,
            "minutes_editable": item["kind"] in MINUTES_EDITABLE, "times_editable": item["kind"] != "support"}


def _said(item: Any, field: str, plan: Plan | None, lang: str) -> str:
    """A saved item's title or why in the screen's language: a plan saved in the patient's
    language (Turkish, say) reads in German or English here when the knowledge knows the item."""
    saved = str(getattr(item, field) or "")
    if plan is None or plan.lang == lang or not saved or not item.code:
        return saved
    try:
        return str(getattr(knowledge.item(item.code), field).get(lang))
    except KeyError:
        return saved


def plan_rows(last: Consultation, plan: Plan | None, *, lang: str, posted: PlanChoice | None,
              pacing: bool | None = None, levels: dict[str, int] | None = None) -> dict[str, Any]:
    """The plan part of the panel: the current plan's items first (ticked), then the other
    suggestions for the last visit's answers and the nearby offers (not ticked). After a failed
    submit, what was posted."""
    suggestion = plan_suggestions(consultation=last, lang=lang, pacing=pacing, levels=levels)
    current = [_row({"code": i.code, "kind": i.kind, "title": _said(i, "title", plan, lang), "minutes": i.minutes,
                     "times_per_week": i.times_per_week, "why": _said(i, "why", plan, lang)}, checked=True)
               for i in (plan.items.all() if plan else []) if i.kind != "own"]
    own = [{"title": i.title, "minutes": i.minutes, "times_per_week": i.times_per_week}
           for i in (plan.items.all() if plan else []) if i.kind == "own"]
    in_plan = {r["code"] for r in current}
    more = [_row(i, checked=False) for i in suggestion["items"] if i["code"] not in in_plan]
    more += [_row({**o, "title": o["name"], "kind": "offer", "times_per_week": 1}, checked=False)
             for o in suggestion.get("nearby_offers", []) if o["code"] not in in_plan]
    if posted is not None:
        for row in current + more:
            row["checked"] = row["code"] in posted.chosen
            row["times"] = posted.times.get(row["code"], row["times"])
            row["minutes"] = posted.minutes.get(row["code"], row["minutes"])
        own = posted.own
    return {
        "status": suggestion["status"], "review_reasons": suggestion["review_reasons"],
        "current": current, "more": more, "more_open": any(r["checked"] for r in more),
        "own_rows": [*own, {}][: max(1, len(own) + 1)],
        "wants_goals": posted.wants_goals if posted else bool(plan and plan.goals is not None),
        "wants_reminders": posted.wants_reminders if posted else bool(plan and plan.reminders is not None),
    }


def follow_up_form(data: QueryDict | None, *, user: User, patient: Patient, last: Consultation,
                   clinicians: Any, default_clinician: int | None) -> ConsultationForm:
    form = ConsultationForm(data, clinicians=clinicians, auto_id="fu_%s")
    if data is None:
        sign = vital_sign(patient, today=timezone.localdate())
        form.initial = {**follow_up_initial(form, last, sign=sign), "clinician": default_clinician}
        form.vital_sign = sign  # type: ignore[attr-defined]  # what the panel says it started from
    return form


def field_groups(form: ConsultationForm) -> dict[str, Any]:
    """The bound fields by place in the panel; "more" gets every field not placed elsewhere."""
    placed = set(TODAY_FIELDS) | set(AS_LAST_TIME_FIELDS)
    return {
        "today": [form[n] for n in TODAY_FIELDS],
        "as_last_time": [form[n] for n in AS_LAST_TIME_FIELDS],
        "more": [form[n] for n in form.fields if n not in placed],
        "more_open": any(form[n].errors for n in form.fields if n not in placed),
    }
