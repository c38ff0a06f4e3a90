"""Reads of the practice's own list: the knowledge the engine gets for one practice (its own
exercises in, the library exercises it switched off out) and a practice item as the patient
pages and the handout show it."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
from typing import Any

from django.utils.translation import gettext, gettext_noop, override

from backactive.core import codes
from backactive.recommendations.knowledge import Dose, Item, Knowledge, Text, dose_text, load_knowledge

from .models import PRACTICE_PREFIX, LibraryItemOff, PracticeExercise

# Among otherwise equal items the practice's own come first: it added them to be used.
PRACTICE_PRIORITY = 1
WHY = gettext_noop("An exercise from your practice's own list.")


def _both(message: str) -> Text:
    with override("de"):
        de = gettext(message)
    with override("en"):
        en = gettext(message)
    return Text(de=de, en=en)


def practice_dose(exercise: PracticeExercise) -> Dose:
    return Dose(sets=exercise.sets, reps=exercise.reps, hold_seconds=exercise.hold_seconds,
                rest_seconds=exercise.rest_seconds, per_side=exercise.per_side)


def practice_item(exercise: PracticeExercise) -> Item:
    """The practice exercise as an item of the knowledge base, with the fields the exclusions read."""
    dose = practice_dose(exercise)
    title, steps = Text(de=exercise.title, en=exercise.title), Text(de=exercise.instructions, en=exercise.instructions)
    return Item(
        code=exercise.code, kind="exercise", family=exercise.code, priority=PRACTICE_PRIORITY,
        min_minutes=dose.minutes(), max_minutes=dose.minutes(), impact=exercise.impact, intensity="light",
        setting="home", social="alone",
        components=tuple(c for c in codes.COMPONENTS if c in exercise.components),
        needs=tuple(n for n in codes.NEEDS if n in exercise.needs), position=exercise.position,
        movements=frozenset(), flare_up="no", dose=dose, equipment=(), suits=frozenset(),
        excluded_by=frozenset(exercise.contraindications), answers=(), strategies=(), sources=(),
        reviewed=dt.date(exercise.created_at.year, exercise.created_at.month, exercise.created_at.day),
        title=title, why=_both(WHY), instructions=steps,
    )


def library_off(practice_id: int) -> set[str]:
    return set(LibraryItemOff.objects.filter(practice_id=practice_id).values_list("code", flat=True))


def practice_knowledge(practice_id: int | None) -> Knowledge:
    """The knowledge base as this practice uses it; the shared one if it changed nothing."""
    base = load_knowledge()
    if practice_id is None:
        return base
    off = library_off(practice_id)
    own = {e.code: practice_item(e) for e in PracticeExercise.objects.filter(practice_id=practice_id, active=True)}
    if not off and not own:
        return base
    return dataclasses.replace(base, items={c: i for c, i in base.items.items() if c not in off} | own)


def practice_exercise(code: str, practice_id: int) -> PracticeExercise | None:
    """The practice's exercise with ``code`` ("practice:<id>"), switched off or not (plans keep it)."""
    if not code.startswith(PRACTICE_PREFIX) or not code[len(PRACTICE_PREFIX):].isdigit():
        return None
    return PracticeExercise.objects.filter(pk=int(code[len(PRACTICE_PREFIX):]), practice_id=practice_id).first()


def picture_data_uri(exercise: PracticeExercise) -> str | None:
    if not exercise.picture or not exercise.picture_type:
        return None
    return f"data:{exercise.picture_type};base64,{base64.b64encode(bytes(exercise.picture)).decode('ascii')}"


def _picture_size(data: bytes, kind: str) -> tuple[int, int] | None:
    """(width, height) in pixels from the PNG header or a JPEG frame marker; None if not found."""
    if kind == "image/png":
        return (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) if len(data) >= 24 else None
    at = 2
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return None
        marker, length = data[at + 1], int.from_bytes(data[at + 2:at + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a start-of-frame marker
            return int.from_bytes(data[at + 7:at + 9], "big"), int.from_bytes(data[at + 5:at + 7], "big")
        at += 2 + length
    return None


def picture_svg(exercise: PracticeExercise) -> str | None:
    """The picture as an SVG document (the handout prints drawings as SVG), or None."""
    uri = picture_data_uri(exercise)
    size = _picture_size(bytes(exercise.picture or b""), exercise.picture_type) if uri else None
    if uri is None or size is None or not all(size):
        return None
    width, height = size
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}"><image href="{uri}" width="{width}" height="{height}"/></svg>')


def practice_card(code: str, practice_id: int, lang: str) -> dict[str, Any] | None:
    """{"title", "instructions", "dose", "dose_text", "minutes", "picture"} of a practice item
    (``picture`` a data: URI or None), or None if ``code`` is not one of the practice's."""
    exercise = practice_exercise(code, practice_id)
    return None if exercise is None else _card(exercise, lang)


def _card(exercise: PracticeExercise, lang: str) -> dict[str, Any]:
    dose = practice_dose(exercise)
    return {"title": exercise.title, "instructions": exercise.instructions, "dose": dose.as_dict(),
            "dose_text": dose_text(dose, lang), "minutes": dose.minutes(), "picture": picture_data_uri(exercise)}


def practice_exercises(practice_id: int, lang: str) -> list[tuple[PracticeExercise, dict[str, Any]]]:
    """The practice's own exercises (on and off), each with its card."""
    return [(e, _card(e, lang)) for e in PracticeExercise.objects.filter(practice_id=practice_id)]


def library_exercises(practice_id: int, lang: str) -> list[dict[str, Any]]:
    """Every built-in home exercise, by title, with whether the practice switched it off."""
    off = library_off(practice_id)
    items = [i for i in load_knowledge().items.values() if i.kind == "exercise"]
    return sorted(({"code": i.code, "title": i.title.get(lang), "off": i.code in off,
                    "position": codes.POSITIONS[i.position].label(lang) if i.position else ""} for i in items),
                  key=lambda row: row["title"].casefold())
