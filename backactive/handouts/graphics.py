"""Small drawings for the handout: QR codes and the pain faces of the paper diary.

Pure Python (no Django). Both are returned as SVG text, so the PDF (Typst) and the HTML preview
draw exactly the same pictures.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Final

import segno

# The faces stand for 0, 2, 4, 6, 8 and 10 on the 0-10 scale, as on the patient pages.
FACE_VALUES: Final = (0, 2, 4, 6, 8, 10)


@lru_cache(maxsize=512)
def qr_svg(text: str) -> str:
    """A black-on-white QR code for ``text`` as SVG (no quiet zone; the layout leaves white space).

    A fixed mask pattern skips segno's evaluation of all eight masks, which takes ~5 ms of the
    20 ms budget; any mask is valid and every phone camera reads it. Cached because a patient's
    invitation and calendar links do not change between prints.
    """
    code = segno.make(text, error="m", mask=0, micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, border=0, scale=4, dark="#000")
    return out.getvalue().decode("ascii")


@lru_cache(maxsize=len(FACE_VALUES))
def face_svg(value: int) -> str:
    """Our own simple face for pain ``value`` (0, 2, ..., 10): a smile that flattens into a frown.

    Line art only, so it prints in black and white; eyebrows tilt from 6 upwards.
    """
    if value not in FACE_VALUES:
        raise ValueError(f"face value must be one of {FACE_VALUES}, got {value}")
    step = FACE_VALUES.index(value)  # 0 .. 5
    bend = 10 - 4 * step  # mouth control point: +10 smiles, -10 frowns
    mouth = f"M15 34 Q25 {34 + bend} 35 34"
    brows = ""
    if step >= 3:
        tilt = 2 + step
        brows = (
            f'<path d="M13 {15 + tilt / 2:g} L21 {15 - tilt / 2:g}"/>'
            f'<path d="M29 {15 - tilt / 2:g} L37 {15 + tilt / 2:g}"/>'
        )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 50 50" width="50" height="50">'
        '<g fill="none" stroke="#000" stroke-width="2.2" stroke-linecap="round">'
        '<circle cx="25" cy="25" r="22.5"/>'
        f'<path d="{mouth}"/>{brows}'
        "</g>"
        '<circle cx="18" cy="21" r="2.4" fill="#000"/><circle cx="32" cy="21" r="2.4" fill="#000"/>'
        "</svg>"
    )
