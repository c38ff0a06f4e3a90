"""The activity codes a diary entry may carry: the knowledge base's activities and exercises
(backactive/recommendations/knowledge/), plus ``other``. Pure Python."""

from __future__ import annotations

from backactive.recommendations import knowledge
from backactive.recommendations.knowledge import activity_titles

OTHER = "other"

ACTIVITY_TITLES: dict[str, tuple[str, str]] = {**activity_titles(), OTHER: ("Andere Bewegung", "Other activity")}
ACTIVITY_CODES: list[str] = sorted(ACTIVITY_TITLES)


def activity_title(code: str, lang: str) -> str:
    """The title of ``code`` in any patient language (the code itself if unknown)."""
    if code == OTHER:
        return knowledge.load_knowledge().text("activity.other", lang)
    try:
        return knowledge.item(code).title.get(lang)
    except KeyError:
        return code
