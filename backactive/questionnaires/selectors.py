"""Reads of stored questionnaires for pages, the clinical yellow flags and the exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from backactive.patients.models import Patient

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
    source: str = ""


PHQ2_SOURCES = ("phq2", "phq4")
# PHQ-2 asks about the last two weeks: an answer that young need not be asked again.
PHQ2_FRESH_DAYS = 14


def phq2_of(response: Response | None) -> Phq2 | None:
    """The PHQ-2 of a complete PHQ-2 or PHQ-4 response, from the scores the scoring module stored
    with it (a PHQ-4 stores its PHQ-2 as ``phq2``/``phq2_positive``), or None."""
    if response is None or response.answered_on is None or response.instrument not in PHQ2_SOURCES:
        return None
    scores = response.scores
    if response.instrument == "phq2":
        total, positive = scores.get("total"), scores.get("positive")
    else:
        total, positive = scores.get("phq2"), scores.get("phq2_positive")
    if total is None:
        return None
    return Phq2(total=int(total), positive=bool(positive), answered_on=response.answered_on,
                response_id=response.pk, source=response.source)


def phq2_latest(patient: Patient, *, since: dt.date | None = None, until: dt.date | None = None) -> Phq2 | None:
    """The newest PHQ-2, whether it was recorded alone (consultation) or as part of a PHQ-4: the
    two share their items, so one stored answer serves the yellow flags and the study."""
    return phq2_of(phq2_latest_response(patient, since=since, until=until))


def phq2_latest_response(patient: Patient, *, since: dt.date | None = None,
                         until: dt.date | None = None) -> Response | None:
    found = Response.objects.filter(patient=patient, instrument__in=PHQ2_SOURCES, completed_at__isnull=False)
    if since is not None:
        found = found.filter(answered_on__gte=since)
    if until is not None:
        found = found.filter(answered_on__lte=until)
    return found.order_by("-answered_on", "-completed_at", "-id").first()


def phq2_fresh(patient: Patient, *, on: dt.date) -> Response | None:
    """A PHQ-2 (or PHQ-4) answered in the two weeks up to ``on``: the consultation uses it instead
    of asking the same two questions again."""
    return phq2_latest_response(patient, since=on - dt.timedelta(days=PHQ2_FRESH_DAYS), until=on)


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
