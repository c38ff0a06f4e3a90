"""The activity codes a diary entry may carry: the knowledge base's activities and exercises
(backactive/recommendations/knowledge/), plus ``other``. Pure Python."""

from __future__ import annotations

import tomllib
from pathlib import Path

OTHER = "other"
_KNOWLEDGE = Path(__file__).resolve().parent.parent / "recommendations" / "knowledge"


def _load() -> dict[str, tuple[str, str]]:
    titles: dict[str, tuple[str, str]] = {}
    for name in ("activities.toml", "exercises.toml"):
        path = _KNOWLEDGE / name
        if path.exists():
            for code, spec in tomllib.loads(path.read_text(encoding="utf-8")).items():
                if isinstance(spec, dict) and "title" in spec:
                    titles[code] = (spec["title"]["de"], spec["title"]["en"])
    titles[OTHER] = ("Andere Bewegung", "Other activity")
    return titles


ACTIVITY_TITLES: dict[str, tuple[str, str]] = _load()
ACTIVITY_CODES: list[str] = sorted(ACTIVITY_TITLES)


def activity_title(code: str, lang: str) -> str:
    de, en = ACTIVITY_TITLES.get(code, (code, code))
    return de if lang == "de" else en
