"""Render the handout to PDF with Typst.

Pure Python (no Django). The data goes to the template as one JSON string in ``sys.inputs``,
never pasted into markup, so text typed by people cannot become Typst code.

Fonts: Liberation Sans (Latin, Turkish, Polish, Cyrillic) and Noto Sans Arabic (Arabic with its
joining and shaping) ship in ``fonts/`` (SIL OFL 1.1) and system fonts are ignored, so the PDF is
the same on every machine; Typst's own embedded fonts remain only as fallback for characters
neither has.

Speed: one ``typst.Compiler`` per process is reused (it keeps the parsed template, the fonts and
Typst's memoised layout between calls). A lock serialises calls because the compiler is a
mutable object shared between the threads of the web server.
"""

from __future__ import annotations

import datetime
import json
import threading
from pathlib import Path
from typing import Any, Final

import typst

from backactive.handouts.context import handout_context
from backactive.handouts.validation import HandoutInputError

HERE: Final = Path(__file__).parent
TEMPLATE: Final = HERE / "templates" / "handout.typ"
FONTS: Final = HERE / "fonts"

_lock = threading.Lock()
_compiler: typst.Compiler | None = None


class HandoutRenderError(RuntimeError):
    """Typst could not lay out the handout (a bug in the template, not in the input)."""


def _get_compiler() -> typst.Compiler:
    global _compiler
    if _compiler is None:
        _compiler = typst.Compiler(
            input=TEMPLATE,
            root=TEMPLATE.parent,
            font_paths=[FONTS],
            ignore_system_fonts=True,
        )
    return _compiler


def render_context(context: dict[str, Any]) -> bytes:
    """The PDF for a context made by :func:`handout_context`."""
    payload = json.dumps(context, ensure_ascii=False, separators=(",", ":"))
    # The plan's date, not the clock, stamps the PDF: the same plan gives the same bytes.
    stamp = datetime.datetime.fromisoformat(context["date_iso"]).replace(hour=12, tzinfo=datetime.UTC)
    with _lock:
        try:
            pdf = _get_compiler().compile(format="pdf", sys_inputs={"data": payload}, timestamp=stamp)
        except typst.TypstError as exc:
            # The input was validated already; what is left is an SVG Typst cannot draw or a
            # template bug. Only Typst's message goes on: it carries no patient data.
            if "svg" in exc.message.lower():
                raise HandoutInputError(f"a drawing could not be read: {exc.message}") from None
            raise HandoutRenderError(f"the handout template failed: {exc.message}") from None
    if not isinstance(pdf, bytes):
        raise HandoutRenderError("Typst returned no PDF")
    return pdf


def render_handout(data: dict[str, Any], *, lang: str | None = None, bilingual: bool = False) -> bytes:
    """The handout for ``data`` (a plan plus optional patient, practice, offers, ...) as PDF bytes.

    ``lang`` overrides the plan's language; ``bilingual`` prints German headings and doses beside.
    Raises :class:`HandoutInputError` for unusable input.
    """
    return render_context(handout_context(data, lang, bilingual=bilingual))
