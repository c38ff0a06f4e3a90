"""Reads of stored questionnaires for pages, the clinical yellow flags and the exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from backactive.patients.models import Patient

from . import part, score
from .models import Answer, Response


def current_answers(response: Response) -> dict[str, int]:
    return {a.item: a.value for a in response.answers.filter(replaced_at__isnull=True)}


def answer_history(response: Response) -> QuerySet[Answer]:
    """Every value ever entered, corrections included, oldest first, with who entered it."""
    return response.answers.select_related("entered_by").order_by("item", "entered_at", "id")


def responses_for_patient(patient: Patient) -> QuerySet[Response]:
    return Response.objects.filter(patient=patient).order_by("-started_at", "-id")


@dataclass(frozen=True)
class Phq2:
    total: int
    positive: bool
    answered_on: dt.date
    response_id: int


def phq2_latest(patient: Patient) -> Phq2 | None:
    """The newest PHQ-2, whether it was recorded alone (consultation) or as part of a PHQ-4: the
    two share their items, so one stored answer serves the yellow flags and the study."""
    response = (
        Response.objects.filter(patient=patient, instrument__in=("phq2", "phq4"), completed_at__isnull=False)
        .order_by("-answered_on", "-completed_at", "-id")
        .first()
    )
    if response is None or response.answered_on is None:
        return None
    result = score("phq2", part("phq2", current_answers(response)))
    return Phq2(
        total=int(result["total"]),
        positive=bool(result["positive"]),
        answered_on=response.answered_on,
        response_id=response.pk,
    )


def open_alerts(patient: Patient) -> QuerySet[Response]:
    """Positive screens no one at the practice has marked as seen yet."""
    return Response.objects.filter(patient=patient, screen_positive=True, alert_seen_at__isnull=True).order_by(
        "-completed_at"
    )


def open_alerts_for_practice(practice_id: int) -> QuerySet[Response]:
    return (
        Response.objects.filter(patient__practice_id=practice_id, screen_positive=True, alert_seen_at__isnull=True)
        .select_related("patient")
        .order_by("-completed_at")
    )
