from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backactive.core import codes

from .activities import ACTIVITY_CODES

MAX_MINUTES_PER_DAY = 24 * 60


class Source(models.TextChoices):
    STAFF = "staff", _("entered by the practice")
    PAPER = "paper", _("from the paper diary")
    PATIENT = "patient", _("entered by the patient")
    IMPORT = "import", _("imported")


class DiaryEntry(models.Model):
    """Common fields. ``client_id`` is the id an entry was given where it was made (a phone
    offline, a form): the server stores each id once, so a re-sent entry is not counted twice."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    date = models.DateField(_("date"))
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.STAFF)
    client_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class PainEntry(DiaryEntry):
    pain = models.PositiveSmallIntegerField(_("pain (0–10)"))
    scale = models.CharField(_("scale"), max_length=10, default="numeric")

    class Meta:
        ordering = ["date", "id"]
        # Covering: the GP page's diary series, the follow-up's last four weeks and the stored
        # analysis' refresh after every write read a patient's (date, pain, id) from the index
        # alone; without the included columns each entry is a heap page of its own (docs/performance.md).
        indexes = [models.Index(fields=["patient", "date"], include=["pain", "id"],
                                name="diary_pain_patient_date_cover")]
        constraints = [
            models.CheckConstraint(condition=Q(pain__gte=0, pain__lte=10), name="painentry_pain_range"),
            models.CheckConstraint(condition=Q(scale__in=list(codes.PAIN_SCALES)), name="painentry_scale_valid"),
        ]


class ActivityEntry(DiaryEntry):
    activity = models.CharField(_("activity"), max_length=40)
    minutes = models.PositiveIntegerField(_("minutes"))
    intensity = models.CharField(_("intensity"), max_length=10, default="moderate")
    steps = models.PositiveIntegerField(_("steps"), null=True, blank=True)

    class Meta:
        ordering = ["date", "id"]
        # Covering, like PainEntry's; intensity for the follow-up's moderate-or-more minutes.
        indexes = [models.Index(fields=["patient", "date"], include=["minutes", "intensity", "id"],
                                name="diary_act_patient_date_cover")]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MAX_MINUTES_PER_DAY), name="activityentry_minutes_range"
            ),
            models.CheckConstraint(
                condition=Q(intensity__in=list(codes.INTENSITIES)), name="activityentry_intensity_valid"
            ),
            models.CheckConstraint(condition=Q(activity__in=ACTIVITY_CODES), name="activityentry_activity_valid"),
            models.CheckConstraint(
                condition=Q(steps__isnull=True) | Q(steps__lte=200000), name="activityentry_steps_range"
            ),
        ]


class DiaryEffects(models.Model):
    """The activity-and-pain analysis of one patient's diary (``diary/effects/``), stored when
    entries change (``diary/receivers.py``), so pages read it and never compute it. ``fingerprint``
    names the diary it was computed from (and the method's version)."""

    patient = models.OneToOneField("patients.Patient", on_delete=models.CASCADE, primary_key=True,
                                   related_name="+")
    fingerprint = models.CharField(max_length=100)
    result = models.JSONField()  # Effects.to_dict()
    computed_at = models.DateTimeField(auto_now=True)


class EntryCorrection(models.Model):
    """One correction or deletion of a diary entry, with its reason: the history a corrected
    diary keeps (who, when, the old value and the new one). A correction replaces the entry by a
    new one (``replaced_by``; empty for a deletion), so entries are still only added and deleted.
    Never changed; its creation is in the audit trail like every write of patient data."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10)  # pain or activity
    entry_client_id = models.UUIDField(db_index=True)
    replaced_by = models.UUIDField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)  # the corrected entry's
    old = models.JSONField()
    new = models.JSONField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+")
    by_role = models.CharField(max_length=20, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["patient", "at"])]

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise ValueError("a correction is history: it is never changed")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class DiaryWeek(models.Model):
    """One calendar week (Monday to Sunday) of one patient's diary, summed: what the GP screen
    draws, so it reads about 52 rows for a year instead of 730 entries. Kept by database triggers
    on the entry tables (``diary/weeks.py``), so every path that writes entries (phone sync, staff
    forms, corrections, imports, a script, erasure) keeps it exact; ``weeks.rebuild`` recomputes
    it from the entries (the migration that made it, and ``restore``). A week without entries has
    no row."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    week = models.DateField()  # its Monday
    minutes = models.PositiveIntegerField(default=0)
    activity_entries = models.PositiveIntegerField(default=0)
    pain_sum = models.PositiveIntegerField(default=0)
    pain_entries = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["patient", "week"], name="diaryweek_patient_week")]


class DiaryChart(models.Model):
    """The GP screen's chart as last drawn for one patient, with the key of everything it was drawn
    from (the weekly sums, the consultation dates, the words and the reader's language): a page
    whose key matches reads it instead of drawing. In the database, not a per-process cache, so
    every app instance shares it; it goes with the patient on erasure (CASCADE)."""

    patient = models.OneToOneField("patients.Patient", on_delete=models.CASCADE, primary_key=True,
                                   related_name="+")
    key = models.CharField(max_length=64)
    svg = models.TextField()
