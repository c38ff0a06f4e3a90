"""Guided exercise sessions: the patient's answer to "Wie ging es?" and the levels done, kept
with the one diary entry the session logged (deleting the entry deletes the session). The
practice's own list: its own exercises, and the library exercises it switched off."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backactive.accounts.models import Practice, User
from backactive.core import codes
from backactive.diary.models import ActivityEntry
from backactive.patients.models import Patient

from .progression import FEELINGS

PRACTICE_PREFIX = "practice:"  # a practice item's code: "practice:<id>"


class ExerciseSession(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="exercise_sessions")
    entry = models.OneToOneField(ActivityEntry, on_delete=models.CASCADE, related_name="exercise_session")
    date = models.DateField(_("date"))
    felt = models.CharField(_("how it went"), max_length=10, blank=True)  # easy | right | too_hard | ""
    exercises = models.JSONField(default=list)  # [{"code", "level"}] as done
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["patient", "date"])]
        constraints = [
            models.CheckConstraint(condition=Q(felt__in=["", *FEELINGS]), name="exercisesession_felt_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.patient_id} {self.date} {self.felt}"


class PracticeExercise(models.Model):
    """A home exercise a practice added to its own list. It declares what the engine's exclusions
    read (impact, needs, position, contraindications), so it passes them like a built-in one;
    the picture (optional) is kept checked (PNG or JPEG, small) and shown inline."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="exercises")
    title = models.CharField(_("title"), max_length=120)
    instructions = models.TextField(_("instructions"), max_length=2000)
    sets = models.PositiveSmallIntegerField(_("sets"), default=1)
    reps = models.PositiveSmallIntegerField(_("repetitions"), null=True, blank=True)
    hold_seconds = models.PositiveSmallIntegerField(_("hold (seconds)"), null=True, blank=True)
    rest_seconds = models.PositiveSmallIntegerField(_("rest between sets (seconds)"), null=True, blank=True)
    per_side = models.BooleanField(_("each side"), default=False)
    impact = models.CharField(_("impact"), max_length=10, default="low")
    position = models.CharField(_("body position"), max_length=10)
    components = models.JSONField(default=list, blank=True)  # codes.COMPONENTS
    needs = models.JSONField(default=list, blank=True)  # codes.NEEDS
    contraindications = models.JSONField(default=list, blank=True)  # codes.CONDITIONS it must not be suggested with
    picture = models.BinaryField(null=True, blank=True)
    picture_type = models.CharField(max_length=20, blank=True)  # image/png | image/jpeg | ""
    active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(sets__gte=1, sets__lte=10), name="practiceexercise_sets_range"),
            models.CheckConstraint(condition=Q(reps__isnull=False) | Q(hold_seconds__isnull=False),
                                   name="practiceexercise_reps_or_hold"),
            models.CheckConstraint(condition=Q(impact__in=["low", "moderate"]), name="practiceexercise_impact_valid"),
            models.CheckConstraint(condition=Q(position__in=list(codes.POSITIONS)),
                                   name="practiceexercise_position_valid"),
            models.CheckConstraint(condition=Q(picture_type__in=["", "image/png", "image/jpeg"]),
                                   name="practiceexercise_picture_type_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def code(self) -> str:
        return f"{PRACTICE_PREFIX}{self.pk}"


class LibraryItemOff(models.Model):
    """A built-in library exercise a practice switched off: never suggested to its patients."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="exercises_off")
    code = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["practice", "code"], name="libraryitemoff_unique")]

    def __str__(self) -> str:
        return f"{self.practice_id} {self.code}"
