from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backactive.core import codes


class Consultation(models.Model):
    """One visit's short assessment. Code lists (barriers, conditions, red flags, preferences)
    are stored as JSON lists of the stable codes in ``backactive/core/codes.toml``; the service
    layer refuses unknown codes before anything is saved."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="consultations")
    date = models.DateField(_("date"))
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("GP"), on_delete=models.PROTECT, related_name="+"
    )
    pain_now = models.PositiveSmallIntegerField(_("pain now (0–10)"))
    pain_average = models.PositiveSmallIntegerField(_("average pain (0–10)"))
    # Exercise Vital Sign: days per week x minutes per day of at least moderate activity.
    days_per_week = models.PositiveSmallIntegerField(_("days per week with activity"))
    minutes_per_day = models.PositiveSmallIntegerField(_("minutes on those days"))
    minutes_per_week = models.PositiveIntegerField(_("minutes per week"), editable=False)
    barriers = models.JSONField(_("barriers"), default=list, blank=True)
    social = models.CharField(_("alone or in a group"), max_length=10, default="either")
    settings = models.JSONField(_("where"), default=list, blank=True)
    favourite_activities = models.JSONField(_("favourite activities"), default=list, blank=True)
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    red_flags = models.JSONField(_("red flags"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    next_step = models.CharField(_("agreed next step"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["patient", "date"])]
        constraints = [
            models.CheckConstraint(condition=Q(pain_now__lte=10), name="consultation_pain_now_range"),
            models.CheckConstraint(condition=Q(pain_average__lte=10), name="consultation_pain_average_range"),
            models.CheckConstraint(condition=Q(days_per_week__lte=7), name="consultation_days_range"),
            models.CheckConstraint(condition=Q(minutes_per_day__lte=1440), name="consultation_minutes_range"),
            models.CheckConstraint(
                condition=Q(social__in=list(codes.SOCIAL)), name="consultation_social_valid"
            ),
        ]

    def save(self, *args: object, **kwargs: object) -> None:
        self.minutes_per_week = self.days_per_week * self.minutes_per_day
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def __str__(self) -> str:
        return f"{self.patient} {self.date}"
