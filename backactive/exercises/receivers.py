"""A guided session arrives with its diary entry (diary.sync); it is kept here, once."""

from __future__ import annotations

import uuid
from typing import Any

from django.dispatch import receiver

from backactive.diary.models import ActivityEntry
from backactive.diary.signals import exercise_sessions_logged
from backactive.recommendations.knowledge import load_knowledge

from .models import ExerciseSession


@receiver(exercise_sessions_logged)
def sessions_store(sender: Any, *, patient_id: int, sessions: list[tuple[uuid.UUID, dict[str, Any]]], **_: Any) -> None:
    items = load_knowledge().items
    for client_id, session in sessions:
        entry = ActivityEntry.objects.filter(patient_id=patient_id, client_id=client_id).first()
        if entry is None:
            continue
        done = [d for d in session["exercises"] if d["code"] in items and items[d["code"]].levels]
        ExerciseSession.objects.get_or_create(
            entry=entry,
            defaults={"patient_id": patient_id, "date": entry.date, "felt": session["felt"] or "", "exercises": done},
        )
