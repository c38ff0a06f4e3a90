"""Writes to the patient's own settings: goal, reminder days, calendar link, e-mail reminders."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.consultations.selectors import current_plan
from backactive.core import codes
from backactive.core.i18n import lang
from backactive.patients.models import Patient

from .models import MAX_AFTER_DAYS, MAX_GOAL_MINUTES, PatientSettings
from .schedule import clean_weekdays, spread_days
from .selectors import plan_days_per_week


def settings_for(patient: Patient) -> PatientSettings:
    """The patient's settings, created on first use with everything off and the plan's number
    of days spread over the week as suggested reminder days."""
    found = PatientSettings.objects.filter(patient=patient).first()
    if found is not None:
        return found
    plan = current_plan(patient)
    days = spread_days(plan_days_per_week(plan)) if plan else spread_days(3)
    found, _created = PatientSettings.objects.get_or_create(patient=patient, defaults={"weekdays": days})
    return found


def pain_scale_set(*, patient: Patient, scale: str) -> None:
    if scale not in codes.PAIN_SCALES:
        raise ValidationError({"pain_scale": _("Please choose one of the scales shown.")})
    Patient.objects.filter(pk=patient.pk).update(pain_scale=scale)
    patient.pain_scale = scale


def goal_set(*, patient: Patient, minutes: int | None) -> PatientSettings:
    """Set the weekly minutes goal, or switch it off with ``None``."""
    if minutes is not None and not 1 <= minutes <= MAX_GOAL_MINUTES:
        raise ValidationError(
            {"goal_minutes": _("A weekly goal is between 1 and %(max)s minutes.") % {"max": MAX_GOAL_MINUTES}}
        )
    settings = settings_for(patient)
    settings.goal_minutes = minutes
    settings.save(update_fields=["goal_minutes", "updated_at"])
    return settings


def reminders_update(
    *,
    patient: Patient,
    weekdays: list[int],
    time: dt.time,
    calendar_enabled: bool,
    email_enabled: bool,
    email_after_days: int,
    email: str = "",
) -> PatientSettings:
    """Save the reminder choices. Switching the calendar on creates its secret link; switching it
    off removes the link, so an address shared earlier stops working at once."""
    errors: dict[str, str] = {}
    try:
        days = clean_weekdays(weekdays)
    except (TypeError, ValueError):
        days = []
        errors["weekdays"] = _("Please choose days of the week.")
    if calendar_enabled and not days:
        errors["weekdays"] = _("Choose at least one day for calendar reminders.")
    if not 1 <= email_after_days <= MAX_AFTER_DAYS:
        errors["email_after_days"] = _("Choose between 1 and %(max)s days.") % {"max": MAX_AFTER_DAYS}
    user = patient.user
    if email_enabled and not (email or (user.email if user else "")):
        errors["email"] = _("E-mail reminders need an e-mail address.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        settings = settings_for(patient)
        settings.weekdays, settings.time = days, time
        if email_enabled and not settings.email_enabled:
            settings.email_enabled_on = timezone.localdate()
        settings.email_enabled, settings.email_after_days = email_enabled, email_after_days
        settings.lang = lang()
        if calendar_enabled and not settings.calendar_token:
            settings.calendar_token = new_token()
        if not calendar_enabled:
            settings.calendar_token = None
        settings.calendar_enabled = calendar_enabled
        settings.save()
        if user is not None and email and email != user.email:
            user.email = email
            user.save(update_fields=["email"])
    return settings


def calendar_renew(*, patient: Patient) -> PatientSettings:
    """A new secret link; the old one answers 404 from now on."""
    settings = settings_for(patient)
    if not settings.calendar_enabled:
        raise ValidationError(_("Calendar reminders are switched off."))
    settings.calendar_token = new_token()
    settings.save(update_fields=["calendar_token", "updated_at"])
    return settings


def new_token() -> str:
    return secrets.token_urlsafe(32)
