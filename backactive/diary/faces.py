"""The pain faces (0, 2, ..., 10): our own line drawings, used by the phone's faces scale and by
the printed paper diary (``backactive.handouts.graphics``), so a patient who switches between
paper and phone sees the same pictures. Pure Python; the words are passed in already translated."""

from __future__ import annotations

from functools import lru_cache
from typing import Final

# The faces stand for 0, 2, 4, 6, 8 and 10 on the 0-10 scale, as on the patient pages.
FACE_VALUES: Final = (0, 2, 4, 6, 8, 10)


def face_parts(value: int) -> str:
    """The elements of our own face for pain ``value`` on a 50 x 50 canvas: a smile that flattens
    into a frown, eyebrows tilting from 6 upwards. Line art only, so it prints in black and white."""
    if value not in FACE_VALUES:
        raise ValueError(f"face value must be one of {FACE_VALUES}, got {value}")
    step = FACE_VALUES.index(value)  # 0 .. 5
    bend = 10 - 4 * step  # mouth control point: +10 smiles, -10 frowns
    brows = ""
    if step >= 3:
        tilt = 2 + step
        brows = (
            f'<path d="M13 {15 + tilt / 2:g} L21 {15 - tilt / 2:g}"/>'
            f'<path d="M29 {15 - tilt / 2:g} L37 {15 + tilt / 2:g}"/>'
        )
    return (
        '<g fill="none" stroke="#000" stroke-width="2.2" stroke-linecap="round">'
        f'<circle cx="25" cy="25" r="22.5"/><path d="M15 34 Q25 {34 + bend} 35 34"/>{brows}</g>'
        '<circle cx="18" cy="21" r="2.4" fill="#000"/><circle cx="32" cy="21" r="2.4" fill="#000"/>'
    )


@lru_cache(maxsize=len(FACE_VALUES))
def face_svg(value: int) -> str:
    """One face for pain ``value`` (0, 2, ..., 10) as a standalone SVG (for screens)."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 50 50" width="50" height="50">{face_parts(value)}</svg>'
    )


def faces(labels: dict[int, str]) -> list[tuple[int, str, str]]:
    """(value, label, svg) for the six faces; ``labels`` maps each value to its words. The
    drawing is decoration here (the button says the words), so screen readers skip it."""
    return [
        (v, labels[v], face_svg(v).replace("<svg ", '<svg aria-hidden="true" focusable="false" class="face" ', 1))
        for v in FACE_VALUES
    ]
