"""``make exercise-sheet``: every exercise's still and animation frames, all levels, as PNG pages
(a contact sheet for review), with any plausibility problem printed in red under its row.

Run as ``python -m backactive.exercises.sheet OUT_DIR [CODE ...]``. Pure Python (no Django).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typst

from .figures.library import Figure, figures
from .figures.plausible import problems
from .figures.render import frame_svgs, still
from .figures.svg import STEPS

FONTS = Path(__file__).resolve().parent.parent / "handouts" / "fonts"
PER_PAGE = 4
PPI = 60
TEMPLATE = """
#set page(width: 42cm, height: auto, margin: 8mm)
#set text(font: "Liberation Sans", size: 11pt)
#let d = json(bytes(sys.inputs.data))
#for ex in d {
  block(breakable: false, above: 6mm, {
    text(size: 15pt, weight: "bold", ex.code)
    for row in ex.rows {
      grid(columns: (12mm, 12cm, 1fr), column-gutter: 3mm, align: horizon,
        text(weight: "bold", "L" + str(row.level)),
        image(bytes(row.still), format: "svg", width: 100%),
        grid(columns: row.frames.len(), column-gutter: 1mm,
          ..row.frames.map(f => image(bytes(f), format: "svg", width: 100%))),
      )
      for p in row.problems { text(fill: red, p); linebreak() }
    }
  })
}
"""


def _row(figure: Figure) -> dict[str, object]:
    found = sorted({msg for i in range(STEPS + 1) for msg in problems(figure.at(i / STEPS), figure.scene)})
    return {
        "level": figure.level,
        "still": still(figure, title=figure.code, desc="", uid=f"{figure.code}-{figure.level}"),
        "frames": frame_svgs(figure, uid=f"{figure.code}-{figure.level}"),
        "problems": found,
    }


def build_sheet(out_dir: Path, codes: list[str] | None = None) -> list[Path]:
    """Write ``page-NN.png`` files into ``out_dir``; return their paths."""
    library = figures()
    chosen = codes or sorted(library)
    out_dir.mkdir(parents=True, exist_ok=True)
    template = out_dir / "sheet.typ"
    template.write_text(TEMPLATE, encoding="utf-8")
    pages = []
    for n, first in enumerate(range(0, len(chosen), PER_PAGE), start=1):
        data = [
            {"code": code, "rows": [_row(library[code][lvl]) for lvl in sorted(library[code])]}
            for code in chosen[first : first + PER_PAGE]
        ]
        png = typst.compile(
            template,
            format="png",
            ppi=PPI,
            font_paths=[FONTS],
            ignore_system_fonts=True,
            sys_inputs={"data": json.dumps(data)},
        )
        page = out_dir / f"page-{n:02d}.png"
        page.write_bytes(png if isinstance(png, bytes) else png[0])
        pages.append(page)
    template.unlink()
    return pages


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m backactive.exercises.sheet OUT_DIR [CODE ...]", file=sys.stderr)
        return 2
    for page in build_sheet(Path(args[0]), args[1:] or None):
        print(page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
