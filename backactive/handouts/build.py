"""The handout's input for a saved plan: the plan in the shape ``backactive recommend`` prints,
plus the patient, the practice, the chart, the goal and the QR links. Django side; the rendering
(render.py, context.py) stays pure."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from backactive.accounts.models import User
from backactive.consultations.models import Plan
from backactive.consultations.plans import plan_as_recommendation
from backactive.consultations.selectors import patient_overview
from backactive.core import text
from backactive.core.languages import is_rtl
from backactive.diary.chart import PAPER, render_chart
from backactive.diary.presentation import chart_text
from backactive.exercises.practice import picture_svg, practice_dose, practice_exercise


def handout_input(plan: Plan, *, request: HttpRequest, issue_invitation: bool) -> dict[str, Any]:
    """``issue_invitation``: create a fresh invitation for a patient without an account, so the
    QR code on paper opens the patient pages (printing is a deliberate act; a preview is not)."""
    patient, practice = plan.patient, plan.patient.practice
    data = plan_as_recommendation(plan)
    own_goal = _own_goal(patient)
    # Autonomy on paper: the 150-minute line only for a patient who wanted goals.
    wants_goals = plan.goals is not None or bool(own_goal)
    with override(patient.language):  # the chart's dates and numbers in the patient's language
        words = chart_text(text.printable(patient.display_name))
        overview = patient_overview(patient, words)
        chart = (render_chart(overview.weeks, overview.dates, words, size=PAPER, show_target=wants_goals,
                              rtl=is_rtl(patient.language))
                 if overview.weeks else None)
    data |= {
        "patient": {"display_name": text.printable(patient.display_name), "pain_scale": patient.pain_scale},
        "practice": {"name": practice.name, "phone": practice.phone, "address": practice.address},
        # Always the responsible GP, whoever typed the plan in (an assistant is never the signer).
        "signed_by": (plan.clinician or plan.created_by).display(),
        "date": timezone.localtime(plan.created_at).date().isoformat(),
    }
    _practice_exercises(data, practice.pk)
    if chart:
        data["chart_svg"] = chart
    if own_goal:
        data["goal"] = {"weekly_minutes": own_goal}
    if issue_invitation and patient.user_id is None and isinstance(request.user, User):
        from backactive.patients.invitations import invitation_create

        issued = invitation_create(patient=patient, created_by=request.user)
        url = request.build_absolute_uri(reverse("patients:invitation_accept", args=[issued.code]))
        data["invitation"] = {"url": url, "code": issued.code}
    elif patient.user_id is not None:
        data["invitation"] = {"url": request.build_absolute_uri(reverse("me:today"))}
    calendar = _calendar_url(patient, request) if plan.reminders else None
    if calendar:
        data["calendar_url"] = calendar
    return data


def _practice_exercises(data: dict[str, Any], practice_id: int) -> None:
    """Exercises of the practice's own list: their instructions and picture, and their dose."""
    for item in data["items"]:
        exercise = practice_exercise(item["code"], practice_id) if item["kind"] == "exercise" else None
        if exercise is None:
            continue
        item["dose"] = practice_dose(exercise).as_dict()
        svg = picture_svg(exercise)
        data.setdefault("exercises", {})[item["code"]] = {
            "instructions": exercise.instructions, **({"drawing_svg": svg} if svg else {}),
        }


def _own_goal(patient: Any) -> int | None:
    settings = getattr(patient, "own_settings", None)
    return getattr(settings, "goal_minutes", None)


def _calendar_url(patient: Any, request: HttpRequest) -> str | None:
    settings = getattr(patient, "own_settings", None)
    if settings is None or not settings.calendar_enabled or not settings.calendar_token:
        return None
    return request.build_absolute_uri(reverse("reminders:feed", kwargs={"token": settings.calendar_token}))
