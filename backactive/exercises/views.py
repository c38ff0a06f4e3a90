"""The practice's own list of exercises (practice admins): library exercises switched off and on,
the practice's own exercises added and switched off and on."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from backactive.accounts.access import admin_view
from backactive.accounts.http import StaffRequest
from backactive.core.i18n import lang
from backactive.core.once import once

from . import access, practice, services
from .forms import PracticeExerciseForm


def _page(request: StaffRequest, form: PracticeExerciseForm, errors: list[str] | None = None) -> HttpResponse:
    own = access.get_practice_for_admin(request.user)
    context = {
        "form": form, "errors": errors or [],
        "library": practice.library_exercises(own.pk, lang()),
        "own": practice.practice_exercises(own.pk, lang()),
    }
    return render(request, "exercises/practice.html", context)


@admin_view
@once
def practice_list(request: StaffRequest) -> HttpResponse:
    form = PracticeExerciseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.practice_exercise_create(practice=access.get_practice_for_admin(request.user),
                                          created_by=request.user, form=form)
        return redirect("exercises:practice")
    return _page(request, form)


@admin_view
def practice_switch(request: StaffRequest) -> HttpResponse:
    """POST code (a library code or "practice:<id>") and off ("1" or "0")."""
    own = access.get_practice_for_admin(request.user)
    if request.method != "POST":
        return redirect("exercises:practice")
    code, off = request.POST.get("code", ""), request.POST.get("off") == "1"
    try:
        exercise = practice.practice_exercise(code, own.pk)
        if exercise is not None:
            services.practice_exercise_switch(exercise=exercise, active=not off)
        else:
            services.library_item_switch(practice=own, code=code, off=off)
    except ValidationError as exc:
        return _page(request, PracticeExerciseForm(), errors=exc.messages)
    return redirect("exercises:practice")
