"""SVG drawings of a ``Figure``: a two-frame still (start, then end, with movement arrows), an
animation (SMIL, so it needs neither script nor inline style) and single frames for review.

One style everywhere: the same scale (``PX_PER_CM``), line widths from the body's proportions,
the near side dark and the far side grey, the moving limbs in the accent colour, a white halo
around every body part so crossing limbs stay readable.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from .body import FOOT_R, HEAD_R, LIMB_R, SIDES, TRUNK_R, Body
from .library import Figure, View
from .pose import samples
from .props import Box
from .vec import Vec, add, apply, hull2d, lerp, mul, rot_x, rot_y, scale, sub

INK, FAR, ACCENT, ACCENT_FAR = "#1f2933", "#9aa5b1", "#1565c0", "#8ab4e8"
PROP_LINE, PROP_FILL, MAT_FILL, BAND, WEIGHT, WHITE = "#7b8794", "#e4e7eb", "#cbd2d9", "#2b8a3e", "#52606d", "#fff"
HALO, PROP_W, ARROW_W = 2.5, 1.5, 3.0
PX_PER_CM = 1.4
MARGIN, PANEL_GAP = 8.0, 26.0
STEPS = 8  # animation frames from start to end
MOVE_S, HOLD_S, PAUSE_S, REST_S = 1.6, 2.0, 0.5, 0.7

Point = tuple[float, float]
LIMB_POINTS = {
    "trunk": ("hip_c", "neck_base"),
    "head": ("nose",),
    **{f"arm_{s}": (f"hand_{s}", f"elbow_{s}") for s in SIDES},
    **{f"leg_{s}": (f"ankle_{s}", f"knee_{s}", f"heel_{s}") for s in SIDES},
}


class Camera:
    def __init__(self, view: View) -> None:
        self.m = mul(rot_x(view.elevation), rot_y(-view.yaw))

    def __call__(self, p: Vec) -> tuple[float, float, float]:
        v = apply(self.m, p)
        return (v[0], -v[1], v[2])

    def point(self, p: Vec) -> Point:
        x, y, _ = self(p)
        return (x, y)


@dataclass
class Shape:
    key: str
    kind: str  # "line" (polyline), "area" (filled polygon), "dot" (circle)
    points: list[Point]
    width: float  # stroke width, or the radius of a dot
    color: str
    fill: str | None = None
    depth: float = 0.0
    halo: bool = True


def _box_shape(box: Box, cam: Camera, key: str, x_range: tuple[float, float] | None = None) -> Shape:
    lo, hi = list(box.lo), list(box.hi)
    if x_range is not None:  # the floor and mats: only as wide as the scene
        lo[0], hi[0] = max(lo[0], x_range[0]), min(hi[0], x_range[1])
        lo[2], hi[2] = max(lo[2], -40.0), min(hi[2], 40.0)
    corners = [(x, y, z) for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])]
    fill = MAT_FILL if box.kind in ("mat", "step") else PROP_FILL
    depth = sum(cam(c)[2] for c in corners) / 8
    return Shape(key, "area", hull2d([cam.point(c) for c in corners]), PROP_W, PROP_LINE, fill, depth, halo=False)


def moving_limbs(figure: Figure, start: Body, end: Body) -> tuple[str, ...]:
    """The highlighted limbs: as the data say, or those whose joints turn (or the trunk moves)."""
    if figure.moving is not None:
        return figure.moving

    def turned(keys: list[str]) -> float:
        return sum(abs(end.angles[k] - start.angles[k]) for k in keys)

    found = []
    if turned(["spine", "spine_side", "spine_rot"]) >= 12 or math.dist(start.points["waist"], end.points["waist"]) >= 6:
        found.append("trunk")
    if turned(["neck", "neck_side", "neck_rot"]) >= 12:
        found.append("head")
    for s in SIDES:
        if turned([f"{j}_{s}" for j in ("shoulder", "shoulder_abd", "shoulder_rot", "elbow")]) >= 12:
            found.append(f"arm_{s}")
        if turned([f"{j}_{s}" for j in ("hip", "hip_abd", "hip_rot", "knee", "ankle")]) >= 12:
            found.append(f"leg_{s}")
    return tuple(found)


def body_shapes(body: Body, cam: Camera, moving: tuple[str, ...], figure: Figure) -> list[Shape]:
    """The body, bands, weights and chair of one frame, each with its depth (not yet sorted)."""
    p = body.points

    mid_shoulder = lerp(p["shoulder_l"], p["shoulder_r"], 0.5)
    # the trunk as a polygon: half the shoulder width at the top, 0.6 of the hip width below
    hip_off = {s: sub(p[f"hip_{s}"], p["hip_c"]) for s in SIDES}
    trunk_world: list[Vec] = [
        lerp(mid_shoulder, p["shoulder_l"], 0.5),
        add(p["waist"], scale(hip_off["l"], 0.6)),
        lerp(p["hip_c"], p["hip_l"], 0.6),
        lerp(p["hip_c"], p["hip_r"], 0.6),
        add(p["waist"], scale(hip_off["r"], 0.6)),
        lerp(mid_shoulder, p["shoulder_r"], 0.5),
    ]
    trunk_depth = sum(cam(v)[2] for v in trunk_world) / len(trunk_world)

    def colour(limb: str, depth: float) -> str:
        far = depth < trunk_depth - 4.0
        if limb in moving:
            return ACCENT_FAR if far else ACCENT
        return FAR if far else INK

    def line(key: str, limb: str, names: tuple[str, ...], width: float) -> Shape:
        proj = [cam(p[n]) for n in names]
        depth = sum(v[2] for v in proj) / len(proj)
        return Shape(key, "line", [(v[0], v[1]) for v in proj], width, colour(limb, depth), depth=depth)

    trunk_colour = ACCENT if "trunk" in moving else INK
    shapes = [
        Shape(
            "trunk", "area", [cam.point(v) for v in trunk_world], 2 * TRUNK_R, trunk_colour, trunk_colour, trunk_depth
        ),
        line("neck", "head", ("neck_base", "neck_top"), 2 * LIMB_R),
    ]
    shapes[1].halo, shapes[1].depth = False, trunk_depth - 0.01
    head = cam(p["head"])
    shapes.append(Shape("head", "dot", [(head[0], head[1])], HEAD_R, "", colour("head", head[2]), head[2]))
    for s in SIDES:
        leg = line(f"leg_{s}", f"leg_{s}", (f"hip_{s}", f"knee_{s}", f"ankle_{s}"), 2 * LIMB_R)
        foot = line(f"foot_{s}", f"leg_{s}", (f"heel_{s}", f"ball_{s}", f"toe_{s}"), 2 * FOOT_R)
        foot.color, foot.depth = leg.color, leg.depth + 0.01
        shapes += [
            leg,
            foot,
            line(f"arm_{s}", f"arm_{s}", (f"shoulder_{s}", f"elbow_{s}", f"wrist_{s}", f"hand_{s}"), 2 * LIMB_R),
        ]
    for hand in figure.scene.weights:
        w = cam(p[hand])
        shapes.append(Shape(f"weight_{hand}", "dot", [(w[0], w[1])], 5.0, "", WEIGHT, w[2] + 0.5))
    for i, band in enumerate(figure.scene.bands):
        ends = [band.anchor if n == "anchor" and band.anchor else p[n] for n in (band.a, band.b)]
        proj = [cam(e) for e in ends]  # type: ignore[arg-type]
        depth = max(v[2] for v in proj) + 0.5
        shapes.append(Shape(f"band{i}", "line", [(v[0], v[1]) for v in proj], 2.5, BAND, depth=depth, halo=False))
    for i, box in enumerate(figure.scene.boxes):
        if box.kind in ("seat", "chair_leg", "chair_back"):
            shapes.append(_box_shape(box, cam, f"chair{i}"))
    return shapes


def background(figure: Figure, cam: Camera, x_range: tuple[float, float]) -> list[Shape]:
    out = []
    for i, box in enumerate(figure.scene.boxes):
        if box.kind in ("floor", "mat", "wall", "step"):
            clip = x_range if box.kind in ("floor", "wall") else None
            out.append(_box_shape(box, cam, f"bg{i}", clip))
    return out


def _fmt(points: list[Point]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def _element(shape: Shape, *, halo: bool, animate: str = "") -> str:
    """One shape as SVG; ``halo`` draws its white outline instead of the shape."""
    if shape.kind == "dot":
        (cx, cy), r = shape.points[0], shape.width + (HALO if halo else 0.0)
        fill = WHITE if halo else shape.fill
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{fill}">{animate}</circle>'
    colour = WHITE if halo else shape.color
    width = shape.width + (2 * HALO if halo else 0.0)
    tag = "polygon" if shape.kind == "area" else "polyline"
    fill = (WHITE if halo else shape.fill) if shape.kind == "area" and shape.fill else "none"
    return (
        f'<{tag} points="{_fmt(shape.points)}" fill="{fill}" stroke="{colour}" stroke-width="{width:.1f}" '
        f'stroke-linecap="round" stroke-linejoin="round">{animate}</{tag}>'
    )


def draw(shapes: list[Shape]) -> list[str]:
    out = []
    for shape in sorted(shapes, key=lambda s: s.depth):
        if shape.halo:
            out.append(_element(shape, halo=True))
        out.append(_element(shape, halo=False))
    return out


def bbox(groups: list[list[Shape]]) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for shapes in groups:
        for s in shapes:
            pad = s.width + HALO if s.kind == "dot" else s.width / 2 + HALO
            for x, y in s.points:
                xs += [x - pad, x + pad]
                ys += [y - pad, y + pad]
    return min(xs) - MARGIN, min(ys) - MARGIN, max(xs) + MARGIN, max(ys) + MARGIN


def scene_x_range(bodies: list[Body], figure: Figure) -> tuple[float, float]:
    xs = [pt[0] for b in bodies for pt in b.points.values()]
    xs += [v for box in figure.scene.boxes if box.kind not in ("floor", "wall") for v in (box.lo[0], box.hi[0])]
    return min(xs) - 22.0, max(xs) + 22.0


def arrows(figure: Figure, cam: Camera, moving: tuple[str, ...]) -> list[list[Point]]:
    """Curved arrows along the path of the points that move most, set beside the body."""
    ts = [i / 12 for i in range(13)]
    bodies = [figure.at(t) for t in ts]
    candidates = figure.track or tuple(n for limb in moving for n in LIMB_POINTS[limb])
    paths = []
    for name in candidates:
        path = [cam.point(b.points[name]) for b in bodies]
        paths.append((math.dist(path[0], path[-1]), name, path))
    paths.sort(key=lambda x: -x[0])
    chosen: list[list[Point]] = []
    for dist, _, path in paths:
        if dist < 10.0 or (chosen and dist < 0.6 * paths[0][0]) or len(chosen) == 2:
            continue
        if any(math.dist(path[-1], c[-1]) < 12.0 for c in chosen):
            continue
        chosen.append(path)
    body_pts = [cam.point(pt) for b in (bodies[0], bodies[-1]) for _, pt, _ in samples(b)]
    return [_offset_arrow(path, body_pts) for path in chosen]


def _offset_arrow(path: list[Point], body_pts: list[Point]) -> list[Point]:
    def shifted(sign: float) -> list[Point]:
        out = []
        for i, (x, y) in enumerate(path):
            ax, ay = path[max(i - 1, 0)]
            bx, by = path[min(i + 1, len(path) - 1)]
            dx, dy = bx - ax, by - ay
            n = math.hypot(dx, dy) or 1.0
            out.append((x - sign * dy / n * 16.0, y + sign * dx / n * 16.0))
        return out[1:-1]

    def crowd(points: list[Point]) -> int:
        return sum(1 for p in points for q in body_pts if math.dist(p, q) < 11.0)

    return min((shifted(1.0), shifted(-1.0)), key=crowd)


def arrow_elements(path: list[Point]) -> list[str]:
    (ax, ay), (bx, by) = path[-2], path[-1]
    angle = math.atan2(by - ay, bx - ax)
    head = [
        (bx + 7 * math.cos(angle), by + 7 * math.sin(angle)),
        (bx + 6 * math.cos(angle + 2.3), by + 6 * math.sin(angle + 2.3)),
        (bx + 6 * math.cos(angle - 2.3), by + 6 * math.sin(angle - 2.3)),
    ]
    return [
        f'<polyline points="{_fmt(path)}" fill="none" stroke="{ACCENT}" stroke-width="{ARROW_W}" '
        'stroke-linecap="round" stroke-linejoin="round"/>',
        f'<polygon points="{_fmt(head)}" fill="{ACCENT}"/>',
    ]


def svg_document(box: tuple[float, float, float, float], body: list[str], title: str, desc: str, uid: str) -> str:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x0:.1f} {y0:.1f} {w:.1f} {h:.1f}" '
            f'width="{w * PX_PER_CM:.0f}" height="{h * PX_PER_CM:.0f}" role="img" '
            f'aria-labelledby="{uid}-t {uid}-d" class="exercise-figure">',
            f'<title id="{uid}-t">{escape(title)}</title>',
            f'<desc id="{uid}-d">{escape(desc)}</desc>',
            f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{WHITE}"/>',
            *body,
            "</svg>",
        ]
    )
