"""Template context for the patient pages: how many questionnaires wait for the patient (those they
can answer here, in their language), so the navigation and a gentle note can show them on every
page (nothing for anyone else)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone, translation

from backactive.questionnaires import instrument
from backactive.studies.selectors import due_for_patient


def questionnaires(request: HttpRequest) -> dict[str, int]:
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_patient", False) or not request.path.startswith("/me/"):
        return {}
    patient = getattr(user, "patient", None)
    if patient is None:
        return {}
    lang = (translation.get_language() or "de")[:2]
    due = [
        r for r in due_for_patient(patient, timezone.localdate()) if instrument(r.assessment.instrument).has_text(lang)
    ]
    return {"questionnaires_due": len(due)}
