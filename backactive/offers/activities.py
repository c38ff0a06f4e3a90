"""Activity codes an offer may carry, with German and English titles. Pure Python.

The recommendations knowledge base (``backactive.recommendations.knowledge``) is the home of the
activity codes; until it is importable this module falls back to ``data/activities.toml``, whose
codes were chosen to match it.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

_FALLBACK = Path(__file__).with_name("data") / "activities.toml"


@cache
def activity_titles() -> dict[str, tuple[str, str]]:
    """code -> (German title, English title)."""
    try:
        from backactive.recommendations import knowledge  # type: ignore[attr-defined]

        titles: dict[str, tuple[str, str]] = dict(knowledge.activity_titles())
    except (ImportError, AttributeError):
        titles = {}
    # The fallback list stays underneath so that offers imported before the knowledge base grew
    # (e.g. "physiotherapy", "football") keep a title.
    raw = tomllib.loads(_FALLBACK.read_text(encoding="utf-8"))
    for code, spec in raw.items():
        titles.setdefault(code, (spec["de"], spec["en"]))
    return titles


def activity_codes() -> frozenset[str]:
    return frozenset(activity_titles())


def activity_title(code: str, lang: str) -> str:
    de, en = activity_titles().get(code, (code, code))
    return de if lang.startswith("de") else en
