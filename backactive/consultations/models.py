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
    # Who typed it in (an assistant may record a visit for the responsible GP, ``clinician``).
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    # A consultation an assistant enters is a draft until a GP confirms it: GDT, FHIR and the
    # patient's pages know only confirmed consultations; the GP screen shows the draft with who
    # entered it. A GP's own consultation is confirmed by the GP as it is saved.
    draft = models.BooleanField(_("draft"), default=False)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"),
                                     on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    pain_now = models.PositiveSmallIntegerField(_("pain now (0–10)"))
    pain_average = models.PositiveSmallIntegerField(_("average pain (0–10)"))
    # Exercise Vital Sign: days per week x minutes per day of at least moderate activity.
    days_per_week = models.PositiveSmallIntegerField(_("days per week with activity"))
    minutes_per_day = models.PositiveSmallIntegerField(_("minutes on those days"))
    minutes_per_week = models.PositiveIntegerField(_("minutes per week"), editable=False)
    max_minutes_per_session = models.PositiveSmallIntegerField(
        _("longest comfortable session (minutes)"), default=30
    )
    barriers = models.JSONField(_("barriers"), default=list, blank=True)
    social = models.CharField(_("alone or in a group"), max_length=10, default="either")
    settings = models.JSONField(_("where"), default=list, blank=True)
    favourite_activities = models.JSONField(_("favourite activities"), default=list, blank=True)
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    red_flags = models.JSONField(_("red flags"), default=list, blank=True)
    # Red flags a clinician assessed and cleared: [{"code", "by", "by_name", "at", "note"}] (the
    # user id and name, an ISO timestamp and what the assessment found). Each code is one of
    # red_flags; a cleared flag stays listed but no longer stops the plan.
    red_flag_clearances = models.JSONField(_("red flags assessed and cleared"), default=list, blank=True)
    mobility = models.CharField(_("mobility"), max_length=12, default="independent")
    floor_ok = models.BooleanField(_("can get down to the floor and up again"), default=True)
    # Yellow flags, scored on paper: the STarT Back scores (its text is Keele's and not shipped),
    # the risk group (from those scores, or from another validated tool).
    startback_total = models.PositiveSmallIntegerField(_("STarT Back total score"), null=True, blank=True)
    startback_psychosocial = models.PositiveSmallIntegerField(_("STarT Back psychosocial score"), null=True,
                                                              blank=True)
    risk_group = models.CharField(_("risk group"), max_length=6, blank=True)
    # The PHQ-2 this visit relied on, stored once as a questionnaire response (issue 20): asked in the
    # consultation, or one the patient answered in the two weeks before (PHQ-2 or the PHQ-2 items of
    # a PHQ-4), so the GP screen, the study and the exports all read the same answers.
    phq2 = models.ForeignKey("questionnaires.Response", verbose_name=_("PHQ-2"), on_delete=models.SET_NULL,
                             null=True, blank=True, related_name="+")
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
            models.CheckConstraint(
                condition=Q(max_minutes_per_session__gte=1, max_minutes_per_session__lte=600),
                name="consultation_session_range",
            ),
            models.CheckConstraint(condition=Q(mobility__in=list(codes.MOBILITY)), name="consultation_mobility_valid"),
            models.CheckConstraint(
                condition=Q(risk_group__in=["", *codes.RISK_GROUPS]), name="consultation_risk_group_valid"
            ),
            # Both STarT Back scores or neither (a NULL would let a CHECK pass, hence isnull=False); within
    # range; a combination the tool can give.
            models.CheckConstraint(
                condition=Q(startback_total__isnull=True, startback_psychosocial__isnull=True)
                | (
                    Q(startback_total__isnull=False, startback_psychosocial__isnull=False)
                    & Q(startback_total__lte=9, startback_psychosocial__lte=5)
                    & Q(startback_psychosocial__lte=models.F("startback_total"))
                    & Q(startback_total__lte=models.F("startback_psychosocial") + 4)
                ),
                name="consultation_startback_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.patient} {self.date}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.minutes_per_week = self.days_per_week * self.minutes_per_day
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def cleared_red_flags(self) -> list[str]:
        """Red flags recorded and assessed and cleared by a clinician (they stay listed)."""
        cleared = {c["code"] for c in self.red_flag_clearances}
        return [f for f in self.red_flags if f in cleared]

    @property
    def open_red_flags(self) -> list[str]:
        """Red flags that still stop the plan: recorded and not cleared."""
        cleared = set(self.cleared_red_flags)
        return [f for f in self.red_flags if f not in cleared]


KINDS = ("activity", "exercise", "offer", "support", "own")
IMPACTS = ("low", "moderate", "high")


class Plan(models.Model):
    """A plan the patient chose, as saved at one consultation. Plans are never edited: a change
    is a new version, so earlier plans stay visible with their dates."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="plans")
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The responsible GP (the consultation's), who signs the handout; ``created_by`` may be an assistant.
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible GP"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    # A plan typed in by an assistant is a draft until a GP signs it off: the patient pages,
    # the handout, GDT and FHIR know only signed plans.
    draft = models.BooleanField(default=False)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    signed_off_at = models.DateTimeField(null=True, blank=True)
    lang = models.CharField(max_length=2, default="de")
    weekly_target_minutes = models.PositiveIntegerField(null=True, blank=True)
    first_week_minutes = models.PositiveIntegerField(null=True, blank=True)
    goals = models.JSONField(null=True, blank=True)  # None unless the patient wanted goals
    reminders = models.JSONField(null=True, blank=True)  # None unless the patient wanted reminders
    # What the patient is told about when to seek help, and the bad-day plan, as the engine gave
    # them when the plan was saved (null for plans saved before they existed).
    safety_net = models.JSONField(null=True, blank=True)
    flare_up = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["patient", "version"], name="plan_version_unique")]

    def __str__(self) -> str:
        return f"{self.patient} v{self.version}"


class PlanItem(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=60, blank=True)  # knowledge or "offer:<id>"; empty for own items
    kind = models.CharField(max_length=10)
    title = models.CharField(max_length=200)
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    times_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    impact = models.CharField(max_length=10, blank=True)
    setting = models.CharField(max_length=10, blank=True)
    social = models.CharField(max_length=10, blank=True)
    strategies = models.JSONField(default=list, blank=True)
    addresses = models.JSONField(default=list, blank=True)
    why = models.TextField(blank=True)
    # Home exercises: the level the patient does it at (1 easier, 2 standard, 3 harder); GP and
    # patient change it as the patient progresses, so it is not part of the plan's version.
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    # For offers: name, address, times, distance and attribution as they were when chosen.
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=KINDS), name="planitem_kind_valid"),
            models.CheckConstraint(
                condition=Q(minutes__isnull=True) | Q(minutes__gte=1, minutes__lte=600), name="planitem_minutes_range"
            ),
            models.CheckConstraint(
                condition=Q(times_per_week__isnull=True) | Q(times_per_week__gte=1, times_per_week__lte=21),
                name="planitem_times_range",
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=3), name="planitem_level_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EmergencyAlert(models.Model):
    """A red flag of urgency ``emergency`` recorded by someone who is not a GP: every GP of the
    practice sees a banner on every page until one of them acknowledges it."""

    practice = models.ForeignKey("accounts.Practice", on_delete=models.CASCADE, related_name="+")
    patient = models.ForeignKey("patients.Patient", on_delete=models.CASCADE, related_name="+")
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    codes = models.JSONField()  # the emergency red flags
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["practice", "acknowledged_at"])]
