"""An exercise's drawings with their text alternative: the knowledge base gives the title and the
instructions, the figure library the poses. Pure Python (no Django).

``drawing(code, level=2, animated=False, lang="de")`` is what the command line, the handout and
the patient pages call; ``DrawingNotFound`` names an unknown code or level.
"""

from __future__ import annotations

from functools import lru_cache

from backactive.recommendations.knowledge import load_knowledge

from .figures.library import LEVELS, figures
from .figures.render import animation, describe, still

DEFAULT_LEVEL = 2


class DrawingNotFound(LookupError):
    """No drawn exercise has this code, or it has no such level."""


def drawn_codes() -> list[str]:
    """Exercise codes of the knowledge base that have a figure, sorted."""
    items = load_knowledge().items
    return sorted(code for code in figures() if code in items and items[code].kind == "exercise")


@lru_cache(maxsize=512)
def drawing(code: str, *, level: int = DEFAULT_LEVEL, animated: bool = False, lang: str = "de") -> str:
    """The still (start, then end) or the animation of ``code`` at ``level`` as an SVG document
    whose ``<title>`` and ``<desc>`` come from the exercise's title and that level's instructions
    in ``lang``."""
    item = load_knowledge().items.get(code)
    if item is None or item.kind != "exercise" or code not in figures():
        raise DrawingNotFound(f"unknown exercise {code!r}")
    if level not in LEVELS:
        raise DrawingNotFound(f"unknown level {level!r} (levels are 1, 2 and 3)")
    figure = figures()[code][level]
    instructions = item.level(level).instructions.get(lang)
    title, desc = describe(
        lang=lang, title=item.title.get(lang), level=level, instructions=instructions, animated=animated
    )
    uid = f"ex-{code}-{level}-{'a' if animated else 's'}"
    render = animation if animated else still
    return render(figure, title=title, desc=desc, uid=uid)
