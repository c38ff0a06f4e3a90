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


def _face_parts(value: int) -> str:
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
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 50 50" width="50" height="50">{_face_parts(value)}</svg>'
    )


# The diary draws one scale per day. As a single picture it is laid out once per compile instead
# of as dozens of boxes per row, which keeps the handout inside its 20 ms budget. Units are mm.
_FONT = 'font-family="Liberation Sans" text-anchor="middle"'


@lru_cache(maxsize=1)
def numeric_scale_svg() -> str:
    """Eleven 8 mm boxes numbered 0-10 for the patient to cross (98 x 8 mm)."""
    boxes = "".join(f'<rect x="{9 * n + 0.2}" y="0.2" width="7.6" height="7.6"/>' for n in range(11))
    numbers = "".join(f'<text x="{9 * n + 4}" y="5.5">{n}</text>' for n in range(11))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 98 8" width="98mm" height="8mm">'
        f'<g fill="none" stroke="#000" stroke-width="0.35">{boxes}</g>'
        f'<g {_FONT} font-size="4.2" fill="#000">{numbers}</g></svg>'
    )


@lru_cache(maxsize=1)
def faces_scale_svg() -> str:
    """The six faces in a row, each 10 mm wide with its value beneath (85 x 14.5 mm)."""
    faces = "".join(
        f'<g transform="translate({15 * i} 0) scale(0.2)">{_face_parts(v)}</g>'
        f'<text x="{15 * i + 5}" y="14.2">{v}</text>'
        for i, v in enumerate(FACE_VALUES)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 85 14.5" width="85mm" height="14.5mm">'
        f'<g {_FONT} font-size="3.5">{faces}</g></svg>'
    )
