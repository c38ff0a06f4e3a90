"""The handout's content for the HTML preview: :func:`handout_context` plus every picture as a
``data:image/svg+xml`` URI.

Pure Python (no Django). The preview shows SVGs through ``<img src="data:...">`` rather than inline
markup, so the template never needs ``|safe``: a picture cannot run script in an ``<img>``, and
every text stays auto-escaped. (A Content-Security-Policy must allow ``img-src data:``.)
"""

from __future__ import annotations

import base64
from typing import Any

from backactive.handouts.context import handout_context


def svg_data_uri(svg: str) -> str:
    """``svg`` as a base64 ``data:`` URI for an ``<img src>``."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def preview_context(data: dict[str, Any], lang: str | None = None, *, bilingual: bool = False) -> dict[str, Any]:
    """Like :func:`handout_context`, with ``*_src`` data URIs beside each SVG text:
    ``chart_src``, ``exercises[i].drawing_src``, ``qr_invitation.src``, ``qr_calendar.src``,
    ``diary.scale_src`` and ``diary.faces[i].src`` (None where there is no picture)."""
    context = handout_context(data, lang, bilingual=bilingual)
    context["chart_src"] = svg_data_uri(context["chart_svg"]) if context["chart_svg"] else None
    for exercise in context["exercises"]:
        exercise["drawing_src"] = svg_data_uri(exercise["drawing_svg"]) if exercise["drawing_svg"] else None
    for key in ("qr_invitation", "qr_calendar"):
        if context[key]:
            context[key]["src"] = svg_data_uri(context[key]["svg"])
    diary = context["diary"]
    diary["scale_src"] = svg_data_uri(diary["scale_svg"]) if diary["scale_svg"] else None
    for face in diary["faces"]:
        face["src"] = svg_data_uri(face["svg"])
    return context
