"""Small drawings for the handout: QR codes and the pain scales of the paper diary (the faces
themselves are drawn in ``backactive.diary.faces``).

Pure Python (no Django). Both are returned as SVG text, so the PDF (Typst) and the HTML preview
draw exactly the same pictures.
"""

from __future__ import annotations

import io
from functools import lru_cache

import segno

from backactive.diary.faces import FACE_VALUES, face_parts


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
        f'<g transform="translate({15 * i} 0) scale(0.2)">{face_parts(v)}</g>'
        f'<text x="{15 * i + 5}" y="14.2">{v}</text>'
        for i, v in enumerate(FACE_VALUES)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 85 14.5" width="85mm" height="14.5mm">'
        f'<g {_FONT} font-size="3.5">{faces}</g></svg>'
    )
