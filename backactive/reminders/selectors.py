"""Reads for reminders and the patient pages: the current plan and the calendar's contents."""

from __future__ import annotations

import datetime as dt

from django.conf import settings as django_settings
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.consultations.models import Plan

from .ical import CalendarSpec, build_calendar
from .models import PatientSettings

DEFAULT_MINUTES = 20


def plan_days_per_week(plan: Plan) -> int:
    """How many days a week the plan asks for: what the engine suggested for reminders, else the
    most frequent item's times per week (at most 7), else 3."""
    if isinstance(plan.reminders, dict) and isinstance(plan.reminders.get("days_per_week"), int):
        return min(max(plan.reminders["days_per_week"], 1), 7)
    times = [i.times_per_week for i in plan.items.all() if i.times_per_week]
    return min(max(times), 7) if times else 3


def settings_by_token(token: str) -> PatientSettings | None:
    """The settings behind a calendar link: only while the link is switched on and current, and
    the patient's login is active (a deactivated or erased patient's feed is off)."""
    if not token:
        return None
    return (
        PatientSettings.objects.select_related("patient")
        .filter(calendar_token=token, calendar_enabled=True, patient__user__is_active=True)
        .first()
    )


def calendar_ics(settings: PatientSettings, *, alarm: bool, now: dt.datetime | None = None) -> bytes:
    """The patient's reminder calendar as .ics bytes, in the current language: the chosen days and
    time, a fixed 20 minutes, a neutral text."""
    now = now or timezone.now()
    # Reminder times only, as the settings page promises: the calendar may be synced to a
    # calendar service, so nothing of the plan (what, how long, how often) goes into it.
    description = _("Time to move. Your plan and your diary are in BackActive.")
    spec = CalendarSpec(
        uid=f"reminder-{settings.pk}@backactive",
        weekdays=list(settings.weekdays),
        time=settings.time,
        minutes=DEFAULT_MINUTES,
        summary=_("Time to move"),
        description=description,
        calendar_name=_("BackActive reminders"),
        alarm_text=_("Time to move: your plan is waiting."),
        start_from=timezone.localdate(now),
        timezone=django_settings.TIME_ZONE,
    )
    return build_calendar(spec, alarm=alarm, stamp=now)
