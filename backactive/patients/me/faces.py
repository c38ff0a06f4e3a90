"""Our own faces for the faces pain scale: six simple line drawings from a relaxed smile (0) to
a tight, pained face (10). Pure Python; the words are passed in (already translated).

Each face is an SVG string; the value it stands for is stored on the 0–10 scale like the others."""

from __future__ import annotations

from xml.sax.saxutils import escape

FACE_VALUES = (0, 2, 4, 6, 8, 10)


def face_svg(value: int, label: str, *, size: int = 56) -> str:
    """One face. The mouth bends from a smile to a frown as ``value`` rises; from 6 the brows
    slant and from 8 the eyes narrow, so the faces differ in shape, not only in colour."""
    step = FACE_VALUES.index(value)
    bend = 10 - step * 4  # mouth control point: +10 smile ... -10 frown
    mouth = f"M18 42 Q32 {42 + bend} 46 42"
    eyes = (
        '<path d="M19 25 h8 M37 25 h8" stroke="#1b1b1b" stroke-width="3" stroke-linecap="round"/>'
        if value >= 8
        else '<circle cx="23" cy="25" r="3" fill="#1b1b1b"/><circle cx="41" cy="25" r="3" fill="#1b1b1b"/>'
    )
    brows = (
        '<path d="M17 17 L28 21 M47 17 L36 21" stroke="#1b1b1b" stroke-width="2.5" stroke-linecap="round"/>'
        if value >= 6
        else ""
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="{size}" height="{size}" '
        f'aria-hidden="true" focusable="false" class="face">'
        f"<title>{escape(label)}</title>"
        '<circle cx="32" cy="32" r="29" fill="#fff" stroke="#1b1b1b" stroke-width="3"/>'
        f"{eyes}{brows}"
        f'<path d="{mouth}" fill="none" stroke="#1b1b1b" stroke-width="3" stroke-linecap="round"/>'
        "</svg>"
    )


def faces(labels: dict[int, str]) -> list[tuple[int, str, str]]:
    """(value, label, svg) for the six faces; ``labels`` maps each value to its words."""
    return [(v, labels[v], face_svg(v, labels[v])) for v in FACE_VALUES]
