"""Today's guided session: the plan's home exercises one by one (works offline once opened)."""

from __future__ import annotations

import json
import uuid

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from backactive.accounts.access import patient_view
from backactive.accounts.http import PatientRequest
from backactive.core.i18n import lang
from backactive.diary.activities import EXERCISE_SESSION
from backactive.exercises.selectors import session_steps
from backactive.patients import access as patient_access

from .. import selectors
from ..offline import kept_offline


@patient_view
@kept_offline  # today's exercises, offline once opened (issue 17)
def session(request: PatientRequest) -> HttpResponse:
    patient = patient_access.get_own_patient(request.user)
    plan = selectors.current_plan(patient)
    items = [i for i in plan.items.all() if i.kind == "exercise"] if plan else []
    current = lang()
    # Titles in the reader's language (the plan may be saved in another one), like the plan page.
    steps = session_steps([(i.code, selectors.item_title(i, plan, current), i.level or 2) for i in items],
                          current, patient.practice_id)
    chosen = [next(c for c in s["cards"] if c["level"] == s["level"]) for s in steps]
    context = {
        "patient": patient,
        "nav": "plan",
        "steps": steps,
        "today": timezone.localdate(),
        "client_id": uuid.uuid4(),  # the form's own id without JavaScript (diary.js makes a fresh one)
        "activity": EXERCISE_SESSION,
        "minutes": max(1, sum(c["minutes"] for c in chosen)),
        # what the form sends without JavaScript (the script fills in the levels actually done)
        "session_json": json.dumps({"exercises": [{"code": s["code"], "level": s["level"]} for s in steps]}),
    }
    return render(request, "me/session.html", context)
