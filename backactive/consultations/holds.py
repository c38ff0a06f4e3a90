"""Reasons to hold back suggestions and plans for a patient, registered by apps that sit above
consultations (study mode: a patient in a study's control arm gets questionnaires only). The
consultation asks ``plan_hold``; it never imports those apps."""

from __future__ import annotations

from collections.abc import Callable

from backactive.patients.models import Patient

Hold = Callable[[Patient], str | None]
_holds: list[Hold] = []


def register(hold: Hold) -> None:
    if hold not in _holds:
        _holds.append(hold)


def plan_hold(patient: Patient) -> str | None:
    """The first reason (a sentence for staff) why this patient gets no suggestions or plan, or None."""
    for hold in _holds:
        reason = hold(patient)
        if reason:
            return reason
    return None
