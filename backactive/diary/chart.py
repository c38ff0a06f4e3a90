"""The pain-and-activity chart as SVG text. Pure function, no Django: the GP screen, the
patient pages and the Typst handout all draw it from here.

Weekly activity minutes are bars (left axis), weekly mean pain a line (right axis, 0–10),
consultations dashed vertical marks, the 150 min/week recommendation a dashed horizontal line.
Greys and patterns only, so it prints in black and white.

Legibility is part of the contract: each ``ChartSize`` states the smallest width it is shown at
(``min_width``: CSS px on screen, mm on paper) and its font size in drawing units is chosen so
that text is at least 12 px on screen and 8 pt on paper there. Every label is kept inside the
drawing, and labels that would overlap are left out (the table beside the chart has them all).
One unusually active week does not squash the others: the axis is capped and the taller bar is
drawn to the top with a break mark and its value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from .trends import Week, monday

TARGET_MINUTES = 150
CHAR_WIDTH = 0.62  # average glyph width of DejaVu Sans / system sans as a share of the font size


def _plain_day(day: dt.date) -> str:
    return day.strftime("%d.%m.")


def _plain_number(value: float) -> str:
    return str(round(value))


@dataclass(frozen=True)
class ChartText:
    """All words on the chart, already in the reader's language, and how dates and numbers are
    written in it."""

    title: str
    description: str
    minutes_axis: str = "min/week"
    pain_axis: str = "pain 0–10"
    target: str = "150 min"
    consultation: str = "visit"
    day: Callable[[dt.date], str] = field(default=_plain_day)
    number: Callable[[float], str] = field(default=_plain_number)
    capped: str = "more than the axis shows"


@dataclass(frozen=True)
class ChartSize:
    width: int  # drawing units
    height: int
    font: float  # drawing units
    min_width: float  # the smallest rendered width this size is used at (px on screen, mm on paper)
    week_labels: int  # at most this many week labels
    visit_labels: bool = True  # name consultations ("visit 04.09.") or mark them only


# On screen: wide from 576 px (15 units → 12 px), narrow from 320 px (12 units → 12 px).
WIDE = ChartSize(width=720, height=300, font=15, min_width=576, week_labels=8)
NARROW = ChartSize(width=320, height=250, font=12, min_width=320, week_labels=4, visit_labels=False)
# On paper, 170 mm wide: 12 units of 640 are 3.19 mm = 9 pt.
PAPER = ChartSize(width=640, height=230, font=12, min_width=170, week_labels=8)
PX_PER_PT = 96 / 72
MM_PER_PT = 25.4 / 72


def smallest_text(size: ChartSize, *, paper: bool = False) -> float:
    """The smallest text of this size at its smallest use: px on screen, pt on paper."""
    scale = size.min_width / size.width
    return size.font * scale / MM_PER_PT if paper else size.font * scale


def attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def axis_max(minutes: Sequence[int]) -> int:
    """The top of the minutes axis: at least twice the target, else the largest week, unless
    that week is more than twice the upper quartile (an outlier): then twice the quartile."""
    ordered = sorted(minutes)
    top = max([TARGET_MINUTES * 2, *ordered])
    if len(ordered) >= 4:
        quartile = ordered[(3 * (len(ordered) - 1)) // 4]
        limit = max(TARGET_MINUTES * 2, 2 * quartile)
        top = min(top, limit)
    step = 50 if top <= 400 else 100
    return ((top + step - 1) // step) * step


class _Labels:
    """Places text without overlaps and inside the drawing."""

    def __init__(self, size: ChartSize) -> None:
        self.size = size
        self.taken: list[tuple[float, float, float]] = []  # (y, left, right)

    def width(self, text: str) -> float:
        return len(text) * self.size.font * CHAR_WIDTH

    def place(self, text: str, x: float, y: float, *, anchor: str = "middle", force: bool = False) -> str:
        w = self.width(text)
        left = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
        left = min(max(left, 1.0), self.size.width - 1 - w)  # inside the drawing
        right = left + w
        gap = self.size.font * 0.4
        if not force and any(abs(ty - y) < self.size.font * 0.95 and left < tr + gap and right > tl - gap
                             for ty, tl, tr in self.taken):
            return ""
        self.taken.append((y, left, right))
        return f'<text x="{left:.1f}" y="{y:.1f}">{escape(text)}</text>'


def render_chart(
    weeks: Sequence[Week],
    consultations: Sequence[dt.date],
    text: ChartText,
    *,
    size: ChartSize = WIDE,
    id_prefix: str = "chart",
    show_target: bool = True,
) -> str:
    """The weekly chart as SVG. ``show_target=False`` leaves out the 150-minute line: a patient who
    did not want goals sees no target on their own pages or on paper."""
    width, height, font = size.width, size.height, size.font
    labels = _Labels(size)
    top, bottom = round(font * 2.9), round(font * (3.2 if size.visit_labels else 2.0))
    left, right = round(font * 2.6), round(font * 1.8)
    plot_w, plot_h = width - left - right, height - top - bottom
    max_minutes = axis_max([w.minutes for w in weeks])
    n = max(len(weeks), 1)
    slot = plot_w / n
    bar_w = max(slot * 0.6, 1.0)

    def y_min(m: float) -> float:
        return top + plot_h - min(m, max_minutes) / max_minutes * plot_h

    def y_pain(p: float) -> float:
        return top + plot_h - p / 10 * plot_h

    t_id, d_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{t_id} {d_id}" class="pa-chart" '
        f'font-family="DejaVu Sans, Arial, sans-serif" font-size="{font:g}" fill="#000">',
        f'<title id="{t_id}">{escape(text.title)}</title>',
        f'<desc id="{d_id}">{escape(text.description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>',
    ]
    # Axis titles above their axes, level (a rotated title at the edge gets clipped).
    out.append(labels.place(text.minutes_axis, 1, font * 1.1, anchor="start", force=True))
    out.append(labels.place(text.pain_axis, width - 1, font * 1.1, anchor="end", force=True))
    step = 50 if max_minutes <= 400 else 100
    if size.width < 400:
        step *= 2
    for m in range(0, max_minutes + 1, step):
        y = y_min(m)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(labels.place(text.number(m), left - 4, y + font * 0.35, anchor="end", force=True))
    for p in range(0, 11, 2 if size.width >= 400 else 5):
        out.append(labels.place(text.number(p), left + plot_w + 4, y_pain(p) + font * 0.35, anchor="start",
                                force=True))
    # Bars; a week above the axis is drawn to the top with a break and its value.
    out.append('<g class="bars" fill="#9a9a9a">')
    capped: list[tuple[float, int]] = []
    for i, w in enumerate(weeks):
        if w.minutes:
            x, y = left + i * slot + (slot - bar_w) / 2, y_min(w.minutes)
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{top + plot_h - y:.1f}">'
                f"<title>{escape(text.day(w.start))}: {escape(text.number(w.minutes))}</title></rect>"
            )
            if w.minutes > max_minutes:
                capped.append((x, w.minutes))
    out.append("</g>")
    for x, minutes in capped:
        y = top + font * 0.9
        out.append(
            f'<g class="capped"><title>{escape(text.capped)}</title>'
            f'<path d="M{x - 2:.1f} {y + 4:.1f} l{bar_w + 4:.1f} -5 v4 l-{bar_w + 4:.1f} 5 z" fill="#fff" '
            'stroke="#000" stroke-width="1"/></g>'
        )
        out.append(labels.place(text.number(minutes), x + bar_w / 2, top - font * 0.3, force=True))
    # Target line.
    ty = y_min(TARGET_MINUTES)
    if show_target:
        out.append(
            f'<line class="target" x1="{left}" y1="{ty:.1f}" x2="{left + plot_w}" y2="{ty:.1f}" '
            'stroke="#000" stroke-dasharray="6 4" stroke-width="1.2"/>'
        )
        out.append(labels.place(text.target, left + 4, ty - 4, anchor="start", force=True))
    # Pain line: segments break where a week has no pain entry.
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
    for seg in segments:
        for x, y in seg:
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#fff" stroke="#000" stroke-width="1.5"/>')
    # Week labels: a few, never overlapping.
    every = max(1, -(-len(weeks) // size.week_labels))
    week_y = top + plot_h + font * 1.4
    for i, w in enumerate(weeks):
        if i % every == 0:
            out.append(labels.place(text.day(w.start), left + i * slot + slot / 2, week_y))
    # Consultations: a dashed mark at the week the visit fell in, named where there is room.
    index = {w.start: i for i, w in enumerate(weeks)}
    for day in consultations:
        week = index.get(monday(day))
        if week is None:
            continue
        x = left + week * slot + slot / 2
        name = f"{text.consultation} {text.day(day)}" if size.visit_labels else ""
        out.append(
            f'<g class="consultation"><line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" '
            'stroke="#000" stroke-dasharray="2 3"/>'
            f'<path d="M{x - 4:.1f} {top + plot_h + 1:.1f} h8 l-4 5 z"/>'
            f"{labels.place(name, x, week_y + font * 1.2) if name else ''}</g>"
        )
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#000"/>')
    out.append("</svg>")
    return "".join(out)


def render_screen_charts(weeks: Sequence[Week], consultations: Sequence[dt.date], text: ChartText,
                         *, id_prefix: str = "chart", show_target: bool = True) -> str:
    """The wide and the narrow chart; the stylesheet shows the one that fits its container."""
    wide = render_chart(weeks, consultations, text, size=WIDE, id_prefix=id_prefix, show_target=show_target)
    narrow = render_chart(weeks, consultations, text, size=NARROW, id_prefix=f"{id_prefix}-narrow",
                          show_target=show_target)
    return f'<div class="chart-wide">{wide}</div><div class="chart-narrow">{narrow}</div>'
