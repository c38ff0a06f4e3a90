"""The activity codes a diary entry may carry: the knowledge base's activities and exercises
(backactive/recommendations/knowledge/), plus ``other`` and ``exercise_session`` (a guided
session of the plan's home exercises, logged as one entry). Pure Python."""

from __future__ import annotations

from backactive.recommendations import knowledge
from backactive.recommendations.knowledge import activity_titles

OTHER = "other"
EXERCISE_SESSION = "exercise_session"

ACTIVITY_TITLES: dict[str, tuple[str, str]] = {
    **activity_titles(),
    OTHER: ("Andere Bewegung", "Other activity"),
    EXERCISE_SESSION: ("Übungen aus meinem Plan", "Exercises from my plan"),
}
ACTIVITY_CODES: list[str] = sorted(ACTIVITY_TITLES)


def activity_title(code: str, lang: str) -> str:
    """The title of ``code`` in any patient language (the code itself if unknown)."""
    if code in (OTHER, EXERCISE_SESSION):
        return knowledge.load_knowledge().text(f"activity.{code}", lang)
    try:
        return knowledge.item(code).title.get(lang)
    except KeyError:
        return code
