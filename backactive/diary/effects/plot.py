"""The compact activity-and-pain picture as SVG text (pure, no Django): next-day pain after rest
days and after active days as two columns of dots (one dot per day, the group's mean as a bar),
and beside them the adjusted next-day difference with its 90 % interval on a scale around zero.
Greys only and no inline style, like the main chart (diary/chart.py): it prints in black and
white and passes the content security policy."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .analysis import Effects

SCALE = 3.0  # the difference axis runs from -3 to +3 points (wider intervals are cut, with an arrow)


@dataclass(frozen=True)
class PlotText:
    """All words on the picture, already in the reader's language."""

    title: str
    description: str
    after_rest: str = "after rest"
    after_active: str = "after active"
    pain_axis: str = "pain next day"
    difference: str = "difference"
    less: str = "less pain"
    more: str = "more pain"


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _column(values: Sequence[float], centre: float, y: object, spread: float) -> list[str]:
    """Dots of equal (rounded) value side by side, centred on the column: a dot histogram."""
    out: list[str] = []
    counts = Counter(round(v * 2) / 2 for v in values)  # half points: one row per half point
    for value, n in counts.items():
        gap = min(6.0, spread / max(n, 1))
        first = centre - gap * (n - 1) / 2
        for i in range(n):
            out.append(f'<circle cx="{first + i * gap:.1f}" cy="{y(value):.1f}" r="2.6"/>')  # type: ignore[operator]
    return out


def render_dot_plot(effects: Effects, text: PlotText, *, width: int = 360, height: int = 200,
                    id_prefix: str = "effects") -> str:
    left, top, bottom = 30, 14, 34
    plot_h = height - top - bottom
    dots_w = width * 0.58
    column_w = (dots_w - left) / 2

    def y(p: float) -> float:
        return top + plot_h - p / 10 * plot_h

    t_id, d_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{t_id} {d_id}" class="pa-effects" '
        'font-family="DejaVu Sans, Arial, sans-serif" font-size="10">',
        f'<title id="{t_id}">{escape(text.title)}</title>',
        f'<desc id="{d_id}">{escape(text.description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>',
    ]
    for p in range(0, 11, 2):
        out.append(f'<line x1="{left}" y1="{y(p):.1f}" x2="{dots_w:.1f}" y2="{y(p):.1f}" stroke="#e4e4e4"/>')
        out.append(f'<text x="{left - 5}" y="{y(p) + 3.5:.1f}" text-anchor="end">{p}</text>')
    out.append(f'<text x="9" y="{top + plot_h / 2:.0f}" transform="rotate(-90 9 {top + plot_h / 2:.0f})" '
               f'text-anchor="middle">{escape(text.pain_axis)}</text>')
    groups = ((text.after_rest, effects.after_rest, "#8a8a8a"), (text.after_active, effects.after_active, "#000"))
    for i, (label, values, fill) in enumerate(groups):
        centre = left + column_w * (i + 0.5)
        out.append(f'<g class="dots" fill="{fill}" fill-opacity="0.55">')
        out += _column(values, centre, y, column_w * 0.8)
        out.append("</g>")
        if values:
            mean = sum(values) / len(values)
            out.append(f'<line class="mean" x1="{centre - column_w * 0.42:.1f}" y1="{y(mean):.1f}" '
                       f'x2="{centre + column_w * 0.42:.1f}" y2="{y(mean):.1f}" stroke="#000" stroke-width="2.5">'
                       f"<title>{mean:.1f}</title></line>")
        out.append(f'<text x="{centre:.1f}" y="{top + plot_h + 14}" text-anchor="middle">{escape(label)}</text>')
        out.append(f'<text x="{centre:.1f}" y="{top + plot_h + 26}" text-anchor="middle" fill="#555">'
                   f"n = {len(values)}</text>")
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{dots_w:.1f}" y2="{top + plot_h}" stroke="#000"/>')
    out += _difference(effects, text, x0=dots_w + 18, x1=width - 10, top=top, plot_h=plot_h)
    out.append("</svg>")
    return "".join(out)


def _difference(effects: Effects, text: PlotText, *, x0: float, x1: float, top: float, plot_h: float) -> list[str]:
    """A vertical scale from -3 (less pain after activity, bottom) to +3 points, zero dashed."""
    centre = (x0 + x1) / 2

    def y(d: float) -> float:
        d = max(-SCALE, min(SCALE, d))
        return top + plot_h / 2 - d / SCALE * plot_h / 2

    out = [f'<line x1="{centre:.1f}" y1="{top + 12}" x2="{centre:.1f}" y2="{top + plot_h - 12}" stroke="#bbb"/>']
    for tick in (-2, -1, 1, 2):
        out.append(f'<line x1="{centre - 3:.1f}" y1="{y(tick):.1f}" x2="{centre + 3:.1f}" y2="{y(tick):.1f}" '
                   'stroke="#bbb"/>')
        out.append(f'<text x="{centre - 14:.1f}" y="{y(tick) + 3.5:.1f}" text-anchor="end" fill="#555">'
                   f"{'+' if tick > 0 else '−'}{abs(tick)}</text>")
    out += [
        f'<line class="zero" x1="{x0:.1f}" y1="{y(0):.1f}" x2="{x1:.1f}" y2="{y(0):.1f}" stroke="#000" '
        'stroke-dasharray="4 3"/>',
        f'<text x="{x1:.1f}" y="{y(0) - 3:.1f}" text-anchor="end">0</text>',
        f'<text x="{centre:.1f}" y="{top + 8}" text-anchor="middle" fill="#555">{escape(text.more)}</text>',
        f'<text x="{centre:.1f}" y="{top + plot_h - 2}" text-anchor="middle" fill="#555">{escape(text.less)}</text>',
        f'<text x="{centre:.1f}" y="{top + plot_h + 14}" text-anchor="middle">{escape(text.difference)}</text>',
    ]
    d = effects.next_day
    if d is None:
        return out
    cut_low, cut_high = d.low < -SCALE, d.high > SCALE
    out.append(f'<g class="interval"><line x1="{centre:.1f}" y1="{y(d.low):.1f}" x2="{centre:.1f}" '
               f'y2="{y(d.high):.1f}" stroke="#000" stroke-width="3"/>')
    for end, cut in ((d.low, cut_low), (d.high, cut_high)):
        if not cut:
            out.append(f'<line x1="{centre - 7:.1f}" y1="{y(end):.1f}" x2="{centre + 7:.1f}" y2="{y(end):.1f}" '
                       'stroke="#000" stroke-width="2"/>')
    out.append(f'<circle cx="{centre:.1f}" cy="{y(d.difference):.1f}" r="5" fill="#fff" stroke="#000" '
               f'stroke-width="2"><title>{d.difference:+.1f} ({d.low:+.1f} … {d.high:+.1f})</title></circle></g>')
    return out
