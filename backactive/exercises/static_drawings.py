"""The standard-level stills as static files for pages and handouts that show one picture
(``backactive/recommendations/static/recommendations/exercises/<code>.svg``), generated from the
poses so they never drift from the animations. Pure Python (no Django).

Run ``python -m backactive.exercises.static_drawings`` after changing ``poses.toml``; a test
fails while a file is out of date.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from backactive.recommendations.knowledge.loader import DRAWINGS_DIR, KNOWLEDGE_DIR

from .figures.library import figures
from .figures.render import describe, still


def expected() -> dict[str, str]:
    """File name -> content of every static drawing (German text alternative, standard level).
    Titles and instructions are read from exercises.toml itself, which cannot be loaded while
    a drawing it names is still missing."""
    raw = tomllib.loads((KNOWLEDGE_DIR / "exercises.toml").read_text(encoding="utf-8"))
    out = {}
    for code, item in sorted(raw.items()):
        if not item.get("drawing") or code not in figures():
            continue
        title, desc = describe(
            lang="de", title=item["title"]["de"], level=2, instructions=item["instructions"]["de"], animated=False
        )
        out[f"{code}.svg"] = still(figures()[code][2], title=title, desc=desc, uid=f"ex-{code}-2-s") + "\n"
    return out


def write(directory: Path = DRAWINGS_DIR) -> list[Path]:
    written = []
    for name, content in expected().items():
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":
    for path in write():
        print(path)
    sys.exit(0)
