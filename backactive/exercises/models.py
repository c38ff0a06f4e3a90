"""Guided exercise sessions: the patient's answer to "Wie ging es?" and the levels done, kept
with the one diary entry the session logged (deleting the entry deletes the session)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backactive.diary.models import ActivityEntry
from backactive.patients.models import Patient

from .progression import FEELINGS


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
