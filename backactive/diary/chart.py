"""The pain-and-activity chart as SVG text. Pure function, no Django: the GP screen, the
patient pages and the Typst handout all draw it from here.

Weekly activity minutes are bars (left axis), weekly mean pain a line (right axis, 0–10),
consultations dashed vertical marks, the 150 min/week recommendation a dashed horizontal line.
Greys and patterns only, so it prints in black and white."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .trends import Week, monday

TARGET_MINUTES = 150


@dataclass(frozen=True)
class ChartText:
    """All words on the chart, already in the reader's language."""

    title: str
    description: str
    minutes_axis: str = "min/week"
    pain_axis: str = "pain 0–10"
    target: str = "150 min"
    consultation: str = "visit"


def attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def render_chart(
    weeks: Sequence[Week],
    consultations: Sequence[dt.date],
    text: ChartText,
    *,
    width: int = 720,
    height: int = 300,
    id_prefix: str = "chart",
    show_target: bool = True,
) -> str:
    """The weekly chart as SVG. ``show_target=False`` leaves out the 150-minute line: a patient who
    did not want goals sees no target on their own pages or on paper."""
    left, right, top, bottom = 48, 44, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    max_minutes = max([TARGET_MINUTES * 2, *[w.minutes for w in weeks]])
    max_minutes = ((max_minutes + 49) // 50) * 50
    n = max(len(weeks), 1)
    slot = plot_w / n
    bar_w = max(slot * 0.6, 1.0)

    def y_min(m: float) -> float:
        return top + plot_h - m / max_minutes * plot_h

    def y_pain(p: float) -> float:
        return top + plot_h - p / 10 * plot_h

    t_id, d_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{t_id} {d_id}" class="pa-chart" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="11">',
        f'<title id="{t_id}">{escape(text.title)}</title>',
        f'<desc id="{d_id}">{escape(text.description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>',
    ]
    # Axes and grid.
    step = 50 if max_minutes <= 400 else 100
    for m in range(0, max_minutes + 1, step):
        y = y_min(m)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{m}</text>')
    for p in range(0, 11, 2):
        out.append(f'<text x="{left + plot_w + 6}" y="{y_pain(p) + 4:.1f}">{p}</text>')
    out.append(
        f'<text x="12" y="{top + plot_h / 2:.0f}" transform="rotate(-90 12 {top + plot_h / 2:.0f})" '
        f'text-anchor="middle">{escape(text.minutes_axis)}</text>'
    )
    out.append(
        f'<text x="{width - 6}" y="{top + plot_h / 2:.0f}" transform="rotate(90 {width - 6} '
        f'{top + plot_h / 2:.0f})" text-anchor="middle">{escape(text.pain_axis)}</text>'
    )
    # Bars.
    out.append('<g class="bars" fill="#9a9a9a">')
    for i, w in enumerate(weeks):
        if w.minutes:
            x, y = left + i * slot + (slot - bar_w) / 2, y_min(w.minutes)
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{top + plot_h - y:.1f}">'
                f"<title>{w.start.isoformat()}: {w.minutes}</title></rect>"
            )
    out.append("</g>")
    # Target line.
    ty = y_min(TARGET_MINUTES)
    if show_target:
        out.append(
            f'<line class="target" x1="{left}" y1="{ty:.1f}" x2="{left + plot_w}" y2="{ty:.1f}" '
            'stroke="#000" stroke-dasharray="6 4" stroke-width="1.2"/>'
            f'<text x="{left + 4}" y="{ty - 4:.1f}">{escape(text.target)}</text>'
        )
    # Consultations: a dashed mark at the week the visit fell in.
    index = {w.start: i for i, w in enumerate(weeks)}
    for day in consultations:
        week = index.get(monday(day))
        if week is None:
            continue
        x = left + week * slot + slot / 2
        out.append(
            f'<g class="consultation"><line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" '
            'stroke="#000" stroke-dasharray="2 3"/>'
            f'<text x="{x:.1f}" y="{top + plot_h + 28}" text-anchor="middle">'
            f"{escape(text.consultation)} {day.strftime('%d.%m.')}</text></g>"
        )
    # Pain line: segments break where a week has no pain entry.
    points = [
        (left + i * slot + slot / 2, y_pain(w.mean_pain)) for i, w in enumerate(weeks) if w.mean_pain is not None
    ]
    segments: list[list[tuple[float, float]]] = [[]]
    for i, w in enumerate(weeks):
        if w.mean_pain is None:
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append((left + i * slot + slot / 2, y_pain(w.mean_pain)))
    for seg in segments:
        if len(seg) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in seg)
            out.append(f'<polyline class="pain" points="{path}" fill="none" stroke="#000" stroke-width="2"/>')
    for x, y in points:
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#fff" stroke="#000" stroke-width="1.5"/>')
    # Week labels: about eight, so they never overlap.
    every = max(1, len(weeks) // 8)
    for i, w in enumerate(weeks):
        if i % every == 0:
            x = left + i * slot + slot / 2
            out.append(f'<text x="{x:.1f}" y="{top + plot_h + 14}" text-anchor="middle">'
                       f"{w.start.strftime('%d.%m.')}</text>")
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#000"/>')
    out.append("</svg>")
    return "".join(out)


