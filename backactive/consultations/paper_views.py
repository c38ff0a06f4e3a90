"""The paper route: staff type in a patient's paper diary week on one screen (seven rows: pain,
one activity with minutes, and the plan's exercises as ticks). Every cell goes through the same
diary services as the phone, in one transaction: either the whole week is saved or nothing is,
and the page shows each problem beside its cell. A re-sent form (double click, back button)
saves nothing twice: each cell's entry id is derived from a form id fixed when the page opened.
Each day shows what is stored for it already; a second pain value for a day is saved only when
staff tick "keep both" (several activities a day are normal)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from backactive.accounts.access import staff_view
from backactive.accounts.http import StaffRequest
from backactive.accounts.models import User
from backactive.core import codes, text
from backactive.core.i18n import choices
from backactive.diary import services
from backactive.diary.forms import activity_choices
from backactive.diary.models import ActivityEntry, PainEntry, Source
from backactive.diary.selectors import week_entries
from backactive.diary.trends import monday
from backactive.patients import access as patient_access
from backactive.patients.models import Patient

from .models import PlanItem
from .selectors import current_plan


@dataclass
class Row:
    day: dt.date
    future: bool
    pain: str = ""
    activity: str = "walking"
    minutes: str = ""
    intensity: str = "moderate"
    ticks: list[bool] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Entries already stored for the day; a second pain value needs ``pain_again`` ticked.
    pain_before: list[PainEntry] = field(default_factory=list)
    activity_before: list[ActivityEntry] = field(default_factory=list)
    pain_again: bool = False
    ask_again: bool = False
    # More than 5 hours of activity on the day: saved once staff tick "the minutes are right".
    confirmed: bool = False
    ask_confirm: bool = False


def _fill(rows: list[Row], post: QueryDict, exercises: list[PlanItem]) -> None:
    """Keep what was typed, so a page with an error shows the week as entered."""
    for n, row in enumerate(rows):
        row.pain = post.get(f"pain_{n}", "")
        row.activity = post.get(f"activity_{n}", row.activity)
        row.minutes = post.get(f"minutes_{n}", "")
        row.intensity = post.get(f"intensity_{n}", row.intensity)
        row.ticks = [post.get(f"ex_{n}_{i}") == "on" for i in range(len(exercises))]
        row.pain_again = post.get(f"pain_again_{n}") == "on"
        row.confirmed = post.get(f"confirm_{n}") == "on"


def _week(request: HttpRequest) -> dt.date:
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("week") or request.POST.get("week") or "")
    except ValueError:
        start = today - dt.timedelta(days=7)
    # A paper diary is at most a few years old; anything earlier is a typo (and year 1 would
    # overflow the date arithmetic of the week's days).
    if start.year < 1900:
        start = today - dt.timedelta(days=7)
    return monday(min(start, today))


def _number(value: str) -> int | None:
    """Empty is None (nothing written); anything but digits is -1, which the services refuse."""
    try:
        return text.whole_number(value)  # Arabic-Indic digits count; "²" does not
    except ValueError:
        return -1


def _save_row(
    *, patient: Patient, user: User, row: Row, exercises: list[PlanItem], ids: Callable[[str], uuid.UUID]
) -> int:
    common: dict[str, Any] = {"patient": patient, "date": row.day, "source": Source.PAPER, "entered_by": user}
    saved = 0
    attempts: list[Callable[[], services.Saved]] = []
    pain = _number(row.pain)
    # A day that has a pain value already gets a second one only when staff say so: the paper
    # and the phone may both hold the same day. (This form's own entry, re-sent, is no other.)
    others = [p for p in row.pain_before if p.client_id != ids("pain")]
    if pain is not None and others and not row.pain_again:
        row.ask_again = True
        values = ", ".join(str(p.pain) for p in others)
        row.errors.append(_("This day has a pain value already (%(values)s). Leave the cell empty, or tick "
                            "“keep both” to record a second value.") % {"values": values})
        pain = None
    if pain is not None:
        attempts.append(
            lambda: services.pain_entry_create(**common, pain=pain, scale=patient.pain_scale, client_id=ids("pain"))
        )
    minutes = _number(row.minutes)
    if minutes is not None:
        attempts.append(
            lambda: services.activity_entry_create(
                **common, activity=row.activity, minutes=minutes, intensity=row.intensity, client_id=ids("activity"),
                confirmed=row.confirmed,
            )
        )
    for i, item in enumerate(exercises):
        if i < len(row.ticks) and row.ticks[i]:
            attempts.append(
                lambda item=item, i=i: services.activity_entry_create(  # type: ignore[misc]
                    **common, activity=item.code, minutes=item.minutes or 10, client_id=ids(f"ex{i}"),
                    confirmed=row.confirmed,
                )
            )
    for attempt in attempts:
        try:
            saved += int(attempt().created)
        except ValidationError as exc:
            row.errors.extend(exc.messages)
            row.ask_confirm = row.ask_confirm or "confirmed" in getattr(exc, "error_dict", {})
    return saved


def _ids(form_id: uuid.UUID, n: int) -> Callable[[str], uuid.UUID]:
    return lambda cell: uuid.uuid5(form_id, f"{n}:{cell}")


@staff_view
def paper_week(request: StaffRequest, patient_id: int) -> HttpResponse:
    patient = patient_access.get_patient_for_user(request.user, patient_id)
    start, today = _week(request), timezone.localdate()
    rows = [Row(day=start + dt.timedelta(days=i), future=start + dt.timedelta(days=i) > today) for i in range(7)]
    plan = current_plan(patient)
    exercises = [i for i in plan.items.all() if i.kind == "exercise" and i.code] if plan else []
    _fill(rows, request.POST, exercises)
    before = week_entries(patient=patient, start=start)
    for row in rows:
        row.pain_before, row.activity_before = before[row.day]["pain"], before[row.day]["activity"]
    if request.method == "POST":
        try:
            with transaction.atomic():
                form_id = uuid.UUID(request.POST.get("form_id", ""))
                user = request.user
                saved = sum(
                    _save_row(patient=patient, user=user, row=row, exercises=exercises, ids=_ids(form_id, n))
                    for n, row in enumerate(rows)
                    if not row.future
                )
                if any(r.errors for r in rows):
                    raise ValidationError("week has errors")
        except (ValidationError, ValueError):
            messages.error(request, _("Nothing was saved yet: please correct the marked days."))
        else:
            messages.success(request, _("%(n)s entries from the paper diary were saved.") % {"n": saved})
            return redirect("diary:list", patient_id=patient.pk)
    return render(
        request,
        "diary/paper_week.html",
        {
            "patient": patient,
            "start": start,
            "rows": rows,
            "exercises": exercises,
            "activities": activity_choices(),
            "intensities": choices(codes.INTENSITIES),
            "form_id": request.POST.get("form_id") or uuid.uuid4(),
            "previous": start - dt.timedelta(days=7),
            "next": start + dt.timedelta(days=7) if start + dt.timedelta(days=7) <= today else None,
        },
    )
