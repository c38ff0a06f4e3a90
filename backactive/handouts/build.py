"""The handout's input for a saved plan: the plan in the shape ``backactive recommend`` prints,
plus the patient, the practice, the chart, the goal and the QR links. Django side; the rendering
(render.py, context.py) stays pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, Max, Min, Sum, Value
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from backactive.accounts.models import User
from backactive.consultations.models import Consultation, Plan
from backactive.consultations.plans import plan_as_recommendation
from backactive.core import text
from backactive.core.languages import is_rtl
from backactive.diary.chart import PAPER, render_chart
from backactive.diary.models import ActivityEntry, PainEntry
from backactive.diary.presentation import chart_text
from backactive.diary.selectors import diary_series
from backactive.diary.trends import weekly_series
from backactive.exercises.practice import picture_svg, practice_dose, practice_exercise


@dataclass(frozen=True)
class ChartInput:
    """What the paper chart is drawn from: the diary (named by its fingerprint, read in full only
    when the chart is drawn), the visits, today, the target line, the language and the name."""

    patient: Any = field(repr=False, compare=False)
    diary: list[tuple[Any, ...]]
    dates: list[dt.date]
    today: dt.date
    show_target: bool
    lang: str
    name: str

    def svg(self) -> str | None:
        pain, activity = diary_series(self.patient)
        weeks = weekly_series(pain, activity, until=self.today, since=min(self.dates) if self.dates else None)
        if not weeks:
            return None
        with override(self.lang):  # the chart's dates and numbers in the patient's language
            return render_chart(weeks, self.dates, chart_text(self.name), size=PAPER, show_target=self.show_target,
                                rtl=is_rtl(self.lang))


def handout_input(plan: Plan, *, request: HttpRequest, issue_invitation: bool,
                  new_invitation: bool = False) -> dict[str, Any]:
    """``issue_invitation``: print the code of an invitation for a patient without an account,
    so the QR code on paper opens the patient pages (printing is a deliberate act; a preview is
    not): the patient's open one again, or a new one if ``new_invitation`` (invitations.py)."""
    data, chart = handout_parts(plan, request=request, issue_invitation=issue_invitation,
                                new_invitation=new_invitation)
    svg = chart.svg()
    if svg:
        data["chart_svg"] = svg
    return data


def handout_parts(plan: Plan, *, request: HttpRequest, issue_invitation: bool,
                  new_invitation: bool = False) -> tuple[dict[str, Any], ChartInput]:
    """The handout's input without the chart's drawing, and what the drawing is made from: the
    two together determine the PDF (print.py keys its cache by them), and drawing the chart is
    left for when the PDF is made."""
    patient, practice = plan.patient, plan.patient.practice
    data = plan_as_recommendation(plan)
    own_goal = _own_goal(patient)
    # Autonomy on paper: the 150-minute line only for a patient who wanted goals.
    wants_goals = plan.goals is not None or bool(own_goal)
    name = text.printable(patient.display_name)
    chart = _chart_input(patient, show_target=wants_goals, lang=patient.language, name=name)
    data |= {
        "patient": {"display_name": name, "pain_scale": patient.pain_scale},
        "practice": {"name": practice.name, "phone": practice.phone, "address": practice.address},
        # Always the responsible GP, whoever typed the plan in (an assistant is never the signer).
        "signed_by": (plan.clinician or plan.created_by).display(),
        "date": timezone.localtime(plan.created_at).date().isoformat(),
    }
    _practice_exercises(data, practice.pk)
    if own_goal:
        data["goal"] = {"weekly_minutes": own_goal}
    if issue_invitation and patient.user_id is None and isinstance(request.user, User):
        from backactive.patients.invitations import invitation_for_print

        issued = invitation_for_print(patient=patient, created_by=request.user, new=new_invitation)
        url = request.build_absolute_uri(reverse("patients:invitation_accept", args=[issued.code]))
        data["invitation"] = {"url": url, "code": issued.code}
    elif patient.user_id is not None:
        data["invitation"] = {"url": request.build_absolute_uri(reverse("me:today"))}
    calendar = _calendar_url(patient, request) if plan.reminders else None
    if calendar:
        data["calendar_url"] = calendar
    return data, chart


def _chart_input(patient: Any, *, show_target: bool, lang: str, name: str) -> ChartInput:
    """The series since the first visit, as the GP screen's chart shows it
    (consultations.selectors.patient_overview). Diary entries are never changed in place (a
    correction deletes and adds, ids only grow), so per kind the count and the highest id name
    the set of entries exactly; the sum and the first and last day are checked as well."""
    dates = list(Consultation.objects.filter(patient=patient).values_list("date", flat=True))
    kind: IntegerField[int, int] = IntegerField()
    summary = {"n": Count("id"), "last_id": Max("id"), "first": Min("date"), "last": Max("date")}
    diary = sorted(
        PainEntry.objects.filter(patient=patient).order_by().values("patient_id")
        .annotate(total=Sum("pain"), **summary)
        .values_list(Value(0, output_field=kind), "n", "last_id", "total", "first", "last")
        .union(ActivityEntry.objects.filter(patient=patient).order_by().values("patient_id")
               .annotate(total=Sum("minutes"), **summary)
               .values_list(Value(1, output_field=kind), "n", "last_id", "total", "first", "last"), all=True)
    )
    return ChartInput(patient=patient, diary=[tuple(row) for row in diary], dates=dates,
                      today=timezone.localdate(), show_target=show_target, lang=lang, name=name)


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
