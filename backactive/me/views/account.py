"""The patient's progress, plan, settings (scale, goal, reminders) and own data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from backactive.accounts.access import patient_view
from backactive.accounts.http import PatientRequest
from backactive.consultations import access as consultation_access
from backactive.consultations.services import plan_item_level_set
from backactive.core import codes, text
from backactive.core.i18n import choices
from backactive.diary import services
from backactive.exercises.selectors import level_proposals
from backactive.patients import access as patient_access
from backactive.patients import services as patient_services
from backactive.patients.models import Patient
from backactive.reminders import selectors as reminder_selectors
from backactive.reminders import services as reminders
from backactive.reminders.models import MAX_AFTER_DAYS

from .. import selectors
from ..offline import kept_offline


def _own(request: PatientRequest) -> Patient:
    return patient_access.get_own_patient(request.user)


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    try:
        return text.whole_number(value)
    except ValueError:
        return None


@patient_view
def welcome(request: PatientRequest) -> HttpResponse:
    patient = _own(request)
    return render(request, "me/welcome.html", {"patient": patient, "scales": choices(codes.PAIN_SCALES)})


@patient_view
@kept_offline
def progress(request: PatientRequest) -> HttpResponse:
    patient = _own(request)
    return render(
        request, "me/progress.html", {"patient": patient, "nav": "progress", "progress": selectors.progress(patient)}
    )


@patient_view
@kept_offline
def plan(request: PatientRequest) -> HttpResponse:
    patient = _own(request)
    current = selectors.current_plan(patient)
    items = selectors.plan_details(current) if current else []
    exercises = [(row["item"].code, row["exercise"]["level"]) for row in items if row["exercise"]]
    proposals = level_proposals(patient, exercises, timezone.localdate())
    for row in items:
        proposal = proposals.get(row["item"].code) if row["exercise"] else None
        row["proposal"] = proposal if proposal and proposal.changes else None
    return render(
        request,
        "me/plan.html",
        {"patient": patient, "nav": "plan", "plan": current, "items": items, "has_exercises": bool(exercises),
         "advice": selectors.safety_advice(current), "goal": selectors.goal_sentence(current),
          "education": selectors.education()},
    )


@patient_view
def plan_level(request: PatientRequest, item_id: int) -> HttpResponse:
    """"Leichter"/"Schwerer" on the plan page. The button names the level it leads to (1 to 3), not
    a step, so the same form sent twice (a double tap, back and send) moves one level only."""
    item = consultation_access.get_exercise_item_for_user(request.user, item_id)  # 404 first, whatever the method
    if request.method != "POST":
        return redirect("me:plan")
    level = request.POST.get("level", "")
    if level in ("1", "2", "3"):
        plan_item_level_set(item=item, level=int(level))
    return redirect("me:plan")


@patient_view
@never_cache
def settings_page(request: PatientRequest) -> HttpResponse:
    patient = _own(request)
    own = reminders.settings_for(patient)
    feed = (
        request.build_absolute_uri(reverse("reminders:feed", args=[own.calendar_token])) if own.calendar_token else ""
    )
    days = [(n, d) for n, d in enumerate(_weekday_names())]
    return render(
        request,
        "me/settings.html",
        {
            "patient": patient,
            "nav": "settings",
            "own": own,
            "scales": choices(codes.PAIN_SCALES),
            "feed": feed,
            "days": days,
            "max_after_days": MAX_AFTER_DAYS,
            "email": patient.user.email if patient.user else "",
        },
    )


def _weekday_names() -> list[str]:
    return [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]


@patient_view
@require_POST
def settings_save(request: PatientRequest, part: str) -> HttpResponse:
    """One part of the settings: ``scale``, ``goal``, ``reminders``, ``renew`` or ``language``."""
    patient, data = _own(request), request.POST
    try:
        if part == "scale":
            reminders.pain_scale_set(patient=patient, scale=data.get("pain_scale", ""))
        elif part == "goal":
            minutes = _int(data.get("goal_minutes")) if data.get("goal_on") == "on" else None
            if data.get("goal_on") == "on" and minutes is None:
                raise ValidationError(_("Please give your goal in minutes per week."))
            reminders.goal_set(patient=patient, minutes=minutes)
        elif part == "reminders":
            reminders.reminders_update(
                patient=patient,
                weekdays=[int(d) for d in data.getlist("weekdays") if d.isascii() and d.isdigit() and len(d) == 1],
                time=dt.time.fromisoformat(data.get("time") or "18:00"),
                calendar_enabled=data.get("calendar_enabled") == "on",
                email_enabled=data.get("email_enabled") == "on",
                email_after_days=_int(data.get("email_after_days")) or 0,
                email=data.get("email", "").strip(),
            )
        elif part == "renew":
            reminders.calendar_renew(patient=patient)
        elif part == "language":
            patient_services.patient_language_set(patient=patient, language=data.get("language", ""))
            translation.activate(patient.language)  # the confirmation already in the new language
        else:
            raise Http404
    except (ValidationError, ValueError) as exc:
        for message in exc.messages if isinstance(exc, ValidationError) else [_("Please check the time.")]:
            messages.error(request, message)
    else:
        messages.success(request, _("Your settings were saved."))
    back = data.get("next", "")
    if part == "language" and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)  # the language switch in the header: back to the same page
    return redirect("me:settings")


@patient_view
def calendar_download(request: PatientRequest) -> HttpResponse:
    """The reminder calendar as a file to import (with alarms), whether or not the feed is on."""
    own = reminders.settings_for(_own(request))
    if not own.weekdays:
        messages.error(request, _("Choose at least one day for calendar reminders."))
        return redirect("me:settings")
    response = HttpResponse(reminder_selectors.calendar_ics(own, alarm=True), content_type="text/calendar")
    response["Content-Disposition"] = 'attachment; filename="backactive-reminders.ics"'
    return response


@patient_view
def data(request: PatientRequest) -> HttpResponse:
    patient = _own(request)
    rows = selectors.export_rows(patient)
    own = sum(1 for kind in rows.values() for r in kind if r["source"] in services.OWN_SOURCES)
    return render(
        request,
        "me/data.html",
        {
            "patient": patient,
            "nav": "data",
            "own_count": own,
            "kept_count": len(rows["pain"]) + len(rows["activity"]) - own,
        },
    )


@patient_view
def export(request: PatientRequest, fmt: str) -> HttpResponse:
    patient = _own(request)
    rows = selectors.export_rows(patient)
    stamp = timezone.localdate().isoformat()
    if fmt == "json":
        own = reminders.settings_for(patient)
        body = json.dumps(
            {"exported": stamp, "pain_scale": patient.pain_scale, "weekly_goal_minutes": own.goal_minutes, **rows},
            ensure_ascii=False,
            indent=2,
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    elif fmt == "csv":
        out = io.StringIO()
        fields = [
            "kind",
            "date",
            "pain_0_10",
            "scale",
            "activity",
            "activity_title",
            "minutes",
            "intensity",
            "intensity_label",
            "steps",
            "source",
            "entry_id",
            "recorded_at",
        ]
        writer = csv.DictWriter(out, fieldnames=fields, restval="")
        writer.writeheader()
        for kind in ("pain", "activity"):
            writer.writerows({"kind": kind, **r} for r in rows[kind])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="backactive-diary-{stamp}.{fmt}"'
    return response


@patient_view
@require_POST
def delete_all(request: PatientRequest) -> HttpResponse:
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Please tick the box to confirm."))
        return redirect("me:data")
    count = services.own_entries_delete_all(patient=_own(request))
    messages.success(request, _("%(n)s of your entries were deleted.") % {"n": count})
    return redirect("me:data")
