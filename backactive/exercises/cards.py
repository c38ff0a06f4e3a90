"""One home exercise at one level, as the patient pages, the handout and the GP's plan form show
it: the level's name, dose in words, instructions and drawings. Pure Python (no Django)."""

from __future__ import annotations

from typing import Any

from backactive.recommendations.knowledge import load_knowledge
from backactive.recommendations.knowledge.dose import dose_text

from .drawings import DrawingNotFound, drawing
from .figures.library import texts


def level_name(level: int, lang: str) -> str:
    """ "Stufe 1 (leichter)", "Level 3 (harder)", ..."""
    return texts()[f"level_{level}"][lang]


def exercise_card(code: str, level: int | None, lang: str, *, animated: bool = False) -> dict[str, Any] | None:
    """The exercise ``code`` at ``level`` (default 2): {"code", "level", "level_name", "dose",
    "dose_text", "minutes", "instructions", "easier", "harder", "drawing"}; ``drawing`` is the
    still, or the animation when ``animated``, as SVG (None without a figure). None if ``code``
    is not a home exercise with levels."""
    item = load_knowledge().items.get(code)
    if item is None or not item.levels:
        return None
    number = level if level in (1, 2, 3) else 2
    chosen = item.level(number)
    try:
        svg: str | None = drawing(code, level=number, animated=animated, lang=lang)
    except DrawingNotFound:
        svg = None
    return {
        "code": code,
        "level": number,
        "level_name": level_name(number, lang),
        "dose": chosen.dose.as_dict(),
        "dose_text": dose_text(chosen.dose, lang),
        "minutes": chosen.dose.minutes(),
        "instructions": chosen.instructions.get(lang),
        "easier": number > 1,
        "harder": number < 3,
        "drawing": svg,
    }


def level_choices(code: str, lang: str) -> list[dict[str, Any]]:
    """[{"level", "label"}] for a select box: the level's name and its dose in words."""
    item = load_knowledge().items.get(code)
    if item is None:
        return []
    return [
        {"level": lv.level, "label": f"{level_name(lv.level, lang)}: {dose_text(lv.dose, lang)}"} for lv in item.levels
    ]
