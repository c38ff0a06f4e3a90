"""The patient's own choices about goals and reminders, and a record of what was sent.

Everything is off by default: a patient who never opens the settings gets no goal, no calendar
feed and no e-mail. The pain scale stays on ``Patient.pain_scale`` (the practice sees it too)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_GOAL_MINUTES = 2000
MAX_AFTER_DAYS = 30


class PatientSettings(models.Model):
    patient = models.OneToOneField("patients.Patient", on_delete=models.CASCADE, related_name="own_settings")
    # A weekly minutes goal; None means the patient wants no goal.
    goal_minutes = models.PositiveIntegerField(_("weekly goal (minutes)"), null=True, blank=True)
    # Reminder days, 0 = Monday ... 6 = Sunday, and the time of day the reminders are for.
    weekdays = models.JSONField(default=list, blank=True)
    time = models.TimeField(_("time"), default=dt.time(18, 0))
    calendar_enabled = models.BooleanField(default=False)
    # The secret in the feed address. Renewing replaces it, so the old address stops working.
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    email_enabled = models.BooleanField(default=False)
    email_after_days = models.PositiveSmallIntegerField(_("days without entries"), default=3)
    # Silence before this day is not nudged about: the patient had not asked for reminders yet.
    email_enabled_on = models.DateField(null=True, blank=True)
    # The language the patient used when choosing reminders: e-mails are written in it.
    lang = models.CharField(max_length=2, default="de")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(goal_minutes__isnull=True) | Q(goal_minutes__gte=1, goal_minutes__lte=MAX_GOAL_MINUTES),
                name="patientsettings_goal_range",
            ),
            models.CheckConstraint(
                condition=Q(email_after_days__gte=1, email_after_days__lte=MAX_AFTER_DAYS),
                name="patientsettings_after_days_range",
            ),
        ]


class ReminderKind(models.TextChoices):
    NUDGE = "nudge", _("reminder after days without entries")
    RESTART = "restart", _("invitation to restart after a break")


class ReminderSent(models.Model):
    """One row per e-mail sent. ``gap_start`` is the date of the last diary entry before the
    silence (or the day e-mail reminders were switched on): each silence gets at most one nudge
    and one restart note, whatever how often the job runs. The unique constraint is the lock."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    gap_start = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["patient", "kind", "gap_start"], name="remindersent_once_per_gap"),
        ]
