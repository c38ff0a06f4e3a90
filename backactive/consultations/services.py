"""Writes of consultations: the one place their rules are checked."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.models import User
from backactive.core import codes
from backactive.diary.activities import ACTIVITY_CODES
from backactive.patients.models import Patient
from backactive.recommendations import knowledge

from . import signals
from .models import Consultation, PlanItem

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


def plan_item_level_set(*, item: PlanItem, level: int) -> PlanItem:
    """Set the level (1 easier, 2 standard, 3 harder) of a home exercise in a plan."""
    if item.kind != "exercise":
        raise ValidationError(_("Only home exercises have levels."))
    if level not in (1, 2, 3):
        raise ValidationError(_("The level must be 1, 2 or 3."))
    item.level = level
    # The minutes follow the level's dose, so the prescription and the exercise agree.
    with contextlib.suppress(KeyError):
        item.minutes = knowledge.item(item.code).level(level).dose.minutes()
    item.full_clean()
    item.save(update_fields=["level", "minutes"])
    return item
