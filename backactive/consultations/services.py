"""Writes of consultations: the one place their rules are checked."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.models import User
from backactive.core import codes
from backactive.diary.activities import ACTIVITY_CODES
from backactive.patients.models import Patient

from . import signals
from .models import Consultation, Plan
from .selectors import current_plan

LIST_FIELDS: dict[str, dict[str, Any] | list[str]] = {
    "barriers": codes.BARRIERS,
    "settings": codes.SETTINGS,
    "conditions": codes.CONDITIONS,
    "red_flags": codes.RED_FLAGS,
    "favourite_activities": ACTIVITY_CODES,
}


def consultation_validate(data: dict[str, Any], *, today: dt.date | None = None) -> None:
    """Raise a ValidationError naming each bad field; return nothing if all is well."""
    errors: dict[str, str] = {}
    for field in ("pain_now", "pain_average"):
        value = data.get(field)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
            errors[field] = _("Pain must be a whole number from 0 to 10.")
    days = data.get("days_per_week")
    if not isinstance(days, int) or not 0 <= days <= 7:
        errors["days_per_week"] = _("Days per week must be from 0 to 7.")
    minutes = data.get("minutes_per_day")
    if not isinstance(minutes, int) or not 0 <= minutes <= 1440:
        errors["minutes_per_day"] = _("Minutes per day must be from 0 to 1440.")
    session = data.get("max_minutes_per_session", 30)
    if not isinstance(session, int) or not 1 <= session <= 600:
        errors["max_minutes_per_session"] = _("The longest session must be from 1 to 600 minutes.")
    if data.get("social", "either") not in codes.SOCIAL:
        errors["social"] = _("Unknown choice “%(code)s”.") % {"code": data.get("social")}
    for field, known in LIST_FIELDS.items():
        values = data.get(field, [])
        if not isinstance(values, list):
            errors[field] = _("Expected a list of codes.")
            continue
        bad = [v for v in values if v not in known]
        if bad:
            errors[field] = _("Unknown code(s): %(codes)s.") % {"codes": ", ".join(map(str, bad))}
    day = data.get("date")
    if not isinstance(day, dt.date):
        errors["date"] = _("Enter a valid date.")
    elif day > (today or timezone.localdate()):
        errors["date"] = _("The date lies in the future.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def consultation_create(*, patient: Patient, clinician: User, data: dict[str, Any]) -> Consultation:
    consultation_validate(data)
    fields = {k: data[k] for k in ("date", "pain_now", "pain_average", "days_per_week", "minutes_per_day")}
    if data.get("max_minutes_per_session") is not None:
        fields["max_minutes_per_session"] = data["max_minutes_per_session"]
    lists = {k: sorted(set(data.get(k, [])), key=list(data.get(k, [])).index) for k in LIST_FIELDS}
    consultation = Consultation.objects.create(
        patient=patient,
        clinician=clinician,
        social=data.get("social", "either"),
        note=data.get("note", ""),
        next_step=data.get("next_step", ""),
        **fields,
        **lists,
    )
    transaction.on_commit(
        lambda: signals.consultation_recorded.send(sender=Consultation, consultation=consultation)
    )
    return consultation


@dataclass(frozen=True)
class PlanChoice:
    """What the patient chose at a visit: item codes, and per code times per week and minutes;
    their own items; whether they want a goal or reminders."""

    chosen: list[str]
    times: dict[str, int] = dataclasses.field(default_factory=dict)
    minutes: dict[str, int] = dataclasses.field(default_factory=dict)
    own: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    wants_goals: bool = False
    wants_reminders: bool = False


@transaction.atomic
def follow_up_save(*, patient: Patient, clinician: User, created_by: User, data: dict[str, Any],
                   choice: PlanChoice, lang: str) -> tuple[Consultation, Plan | None]:
    """A follow-up visit in one step: the consultation and the plan agreed at it, which may keep
    items of the current plan. While a red flag is open the consultation is saved without a plan
    (clinical review comes first). A plan that cannot be saved undoes the consultation too, so
    a visit is never half saved."""
    from .plans import plan_save, plan_suggestions

    current = current_plan(patient)
    consultation = consultation_create(patient=patient, clinician=clinician, data=data)
    if plan_suggestions(consultation=consultation, lang=lang)["status"] != "ok":
        return consultation, None
    plan = plan_save(consultation=consultation, created_by=created_by, lang=lang, chosen=choice.chosen,
                     times=choice.times, minutes=choice.minutes, own=choice.own, wants_goals=choice.wants_goals,
                     wants_reminders=choice.wants_reminders, keep=current)
    return consultation, plan
