"""The three drawings of a figure: the two-frame still, the animation and its single frames.

``title`` and ``desc`` are the text alternative (the caller builds them from the exercise's title
and instructions, see ``describe``); ``uid`` keeps element ids unique when several drawings
share one page.
"""

from __future__ import annotations

from .library import Figure, texts
from .svg import (
    ARROW_W,
    HALO,
    HOLD_S,
    MOVE_S,
    PANEL_GAP,
    PAUSE_S,
    PROP_LINE,
    REST_S,
    STEPS,
    Camera,
    Shape,
    _element,
    _fmt,
    arrow_elements,
    arrows,
    background,
    bbox,
    body_shapes,
    draw,
    moving_limbs,
    scene_x_range,
    svg_document,
)


def describe(*, lang: str, title: str, level: int, instructions: str, animated: bool) -> tuple[str, str]:
    """The title and description of a drawing, from the exercise's title and instructions."""
    words = texts()
    level_name = words[f"level_{level}"][lang]
    kind = words["animation" if animated else "still"][lang]
    return f"{title} – {level_name}", f"{kind} {instructions}"


def _ease(t: float) -> float:
    return t * t * (3 - 2 * t)


def still(figure: Figure, *, title: str, desc: str, uid: str) -> str:
    """Start and end side by side, the movement's arrows on the start."""
    cam = Camera(figure.view)
    start, end = figure.at(0.0), figure.at(1.0)
    moving = moving_limbs(figure, start, end)
    bg = background(figure, cam, scene_x_range([start, end], figure))
    first, last = body_shapes(start, cam, moving, figure), body_shapes(end, cam, moving, figure)
    paths = arrows(figure, cam, moving)
    arrow_shapes = [Shape("arrow", "line", p, ARROW_W + 14, "") for p in paths]
    x0, y0, x1, y1 = bbox([bg, first, last, arrow_shapes])
    shift = x1 - x0 + PANEL_GAP
    mid_x, mid_y = x1 + PANEL_GAP / 2, (y0 + y1) / 2
    chevron = [(mid_x - 4, mid_y - 8), (mid_x + 4, mid_y), (mid_x - 4, mid_y + 8)]
    parts = [
        '<g class="frame-start">',
        *draw(bg),
        *draw(first),
        *(e for p in paths for e in arrow_elements(p)),
        "</g>",
        f'<polyline points="{_fmt(chevron)}" fill="none" stroke="{PROP_LINE}" stroke-width="{ARROW_W}" '
        'stroke-linecap="round" stroke-linejoin="round"/>',
        f'<g class="frame-end" transform="translate({shift:.1f} 0)">',
        *draw(bg),
        *draw(last),
        "</g>",
    ]
    return svg_document((x0, y0, x1 + shift, y1), parts, title, desc, uid)


def _schedule(figure: Figure) -> list[tuple[float, int]]:
    """(time in seconds, frame index): out, hold, back, rest; frames are eased in angle space."""
    step = MOVE_S / STEPS
    out = [(i * step, i) for i in range(STEPS + 1)]
    held = MOVE_S + (HOLD_S if figure.hold else PAUSE_S)
    out += [(held + i * step, STEPS - i) for i in range(STEPS + 1)]
    out.append((held + MOVE_S + REST_S, 0))
    return out


def _frames(figure: Figure) -> tuple[Camera, list[list[Shape]], list[Shape]]:
    cam = Camera(figure.view)
    bodies = [figure.at(_ease(i / STEPS)) for i in range(STEPS + 1)]
    moving = moving_limbs(figure, bodies[0], bodies[-1])
    frames = [body_shapes(b, cam, moving, figure) for b in bodies]
    return cam, frames, background(figure, cam, scene_x_range(bodies, figure))


def animation(figure: Figure, *, title: str, desc: str, uid: str) -> str:
    """The movement as a loop (SMIL): out, hold, back, rest. Shown still at the start position
    where animations do not run; pages pause it for people who prefer reduced motion."""
    _, frames, bg = _frames(figure)
    schedule = _schedule(figure)
    total = schedule[-1][0]
    key_times = ";".join(f"{t / total:.4f}" for t, _ in schedule)
    timing = f'dur="{total:.2f}s" repeatCount="indefinite" calcMode="linear" keyTimes="{key_times}"'
    by_key = [{s.key: s for s in frame} for frame in frames]
    parts = draw(bg)
    for shape in sorted(frames[0], key=lambda s: s.depth):
        series = [by_key[i][shape.key] for _, i in schedule]
        if all(s.points == shape.points for s in series):
            anim = ""
        elif shape.kind == "dot":
            anim = "".join(
                f'<animate attributeName="{attr}" {timing} values="'
                + ";".join(f"{s.points[0][axis]:.1f}" for s in series)
                + '"/>'
                for axis, attr in ((0, "cx"), (1, "cy"))
            )
        else:
            anim = (
                f'<animate attributeName="points" {timing} values="' + ";".join(_fmt(s.points) for s in series) + '"/>'
            )
        if shape.halo:
            parts.append(_element(shape, halo=True, animate=anim))
        parts.append(_element(shape, halo=False, animate=anim))
    return svg_document(bbox([bg, *frames]), parts, title, desc, uid)


def frame_svgs(figure: Figure, *, uid: str) -> list[str]:
    """Every frame of the animation as a still SVG on one shared canvas (for the contact sheet)."""
    _, frames, bg = _frames(figure)
    box = bbox([bg, *frames])
    return [
        svg_document(box, [*draw(bg), *draw(frame)], f"{figure.code} {i}", "", f"{uid}-{i}")
        for i, frame in enumerate(frames)
    ]


__all__ = ["HALO", "animation", "describe", "frame_svgs", "still"]
