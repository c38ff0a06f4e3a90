"""Writes of the practice's own list: switching library exercises off and on, adding the
practice's own exercises and switching them off and on."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from backactive.accounts.models import Practice, User
from backactive.recommendations.knowledge import load_knowledge

from .forms import PracticeExerciseForm
from .models import LibraryItemOff, PracticeExercise


def library_item_switch(*, practice: Practice, code: str, off: bool) -> None:
    """Switch a built-in home exercise off (never suggested to the practice's patients) or on."""
    item = load_knowledge().items.get(code)
    if item is None or item.kind != "exercise":
        raise ValidationError(_("Only the library's home exercises can be switched off."))
    if off:
        LibraryItemOff.objects.get_or_create(practice=practice, code=code)
    else:
        LibraryItemOff.objects.filter(practice=practice, code=code).delete()


def practice_exercise_create(*, practice: Practice, created_by: User, form: PracticeExerciseForm) -> PracticeExercise:
    data = form.cleaned_data
    picture, kind = data["picture"] if data.get("picture") else (None, "")
    exercise = PracticeExercise(
        practice=practice, created_by=created_by, title=data["title"].strip(),
        instructions=data["instructions"].strip(), sets=data["sets"], reps=data.get("reps"),
        hold_seconds=data.get("hold_seconds"), rest_seconds=data.get("rest_seconds"), per_side=data["per_side"],
        impact=data["impact"], position=data["position"], components=list(data["components"]),
        needs=list(data["needs"]), contraindications=list(data["contraindications"]),
        picture=picture, picture_type=kind,
    )
    exercise.full_clean()
    exercise.save()
    return exercise


def practice_exercise_switch(*, exercise: PracticeExercise, active: bool) -> PracticeExercise:
    """Switch a practice exercise off (no longer suggested; plans that hold it keep it) or on."""
    exercise.active = active
    exercise.save(update_fields=["active"])
    return exercise
