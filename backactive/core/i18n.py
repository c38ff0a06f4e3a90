"""Small helpers to show coded values in the reader's language."""

from __future__ import annotations

from django.utils.translation import get_language

from backactive.core import codes


def lang() -> str:
    current = (get_language() or "de")[:2]
    return current if current in codes.LANGS else "de"


def choices(group: dict[str, codes.Code]) -> list[tuple[str, str]]:
    current = lang()
    return [(c.code, c.label(current)) for c in group.values()]
