"""Poses as data: a pose is a table of joint angles (``hip = 90`` for both sides, ``hip_r`` for
one), a root placement (``x``, ``y``, ``z``, ``pitch``, ``roll``, ``yaw``) and optional targets
that close a chain (``foot_r = [x, sole_height]`` plants a flat foot, ``hand_r = [x, y]`` puts
the hand there). Without ``y`` the body is lowered onto the props below it, like gravity would.

Resolving gives a ``Body``; interpolating two poses gives the frames of a movement.
"""

from __future__ import annotations

import math
from typing import Any

from .body import (
    ANGLE_KEYS,
    ANKLE_H,
    CAPSULES,
    FOREARM,
    LIMB_JOINTS,
    ROOT_KEYS,
    SHANK,
    SIDES,
    THIGH,
    UPPER_ARM,
    AXIAL_JOINTS,
    Body,
    forward,
)
from .props import Scene
from .vec import Vec, apply, lerp, sub, transpose

TARGET_KEYS = tuple(f"{limb}_{s}" for limb in ("foot", "hand") for s in SIDES)
FLAT_KEYS = ("flat_l", "flat_r", "palm_l", "palm_r")
DROP_FROM = 300.0
SAMPLE_STEP = 5.0


class PoseError(ValueError):
    """A pose in the data is malformed (unknown key, base or value)."""


Params = dict[str, Any]


def expand(raw: dict[str, Any], bases: dict[str, dict[str, Any]], where: str = "pose") -> Params:
    """A pose table with its ``base`` applied and both-sides keys split into ``_l`` and ``_r``."""
    out: Params = {}
    base = raw.get("base")
    if base is not None:
        if base not in bases:
            raise PoseError(f"{where}: unknown base {base!r}")
        out = expand(bases[base], bases, f"base {base}")
    both = {k: v for k, v in raw.items() if k in LIMB_JOINTS or k in ("foot", "hand", "flat", "palm")}
    for key, value in both.items():
        for s in SIDES:
            out[f"{key}_{s}"] = value
    for key, value in raw.items():
        if key == "base" or key in both:
            continue
        if key not in ANGLE_KEYS and key not in ROOT_KEYS and key not in TARGET_KEYS and key not in FLAT_KEYS:
            raise PoseError(f"{where}: unknown key {key!r}")
        out[key] = value
    for key, value in out.items():
        if key in TARGET_KEYS:
            if (
                not isinstance(value, list | tuple)
                or len(value) != 2
                or not all(isinstance(v, int | float) for v in value)
            ):
                raise PoseError(f"{where}: {key} must be [x, y]")
            out[key] = (float(value[0]), float(value[1]))
        elif key in FLAT_KEYS:
            if not isinstance(value, bool):
                raise PoseError(f"{where}: {key} must be true or false")
        elif not isinstance(value, int | float) or isinstance(value, bool):
            raise PoseError(f"{where}: {key} must be a number")
        else:
            out[key] = float(value)
    return out


def interpolate(a: Params, b: Params, t: float) -> Params:
    """The pose a fraction ``t`` of the way from ``a`` to ``b`` (joint angles, not positions, are
    interpolated, so limbs keep their length)."""
    if ("y" in a) != ("y" in b):
        raise PoseError("start and end must both set y or both leave it to gravity")
    if {k for k in a if k in TARGET_KEYS} != {k for k in b if k in TARGET_KEYS}:
        raise PoseError("start and end must have the same foot and hand targets")
    out: Params = {}
    for key in set(a) | set(b):
        va, vb = a.get(key, 0.0), b.get(key, 0.0)
        if key in FLAT_KEYS:
            out[key] = bool(va) and bool(vb)
        elif key in TARGET_KEYS:
            out[key] = (va[0] + (vb[0] - va[0]) * t, va[1] + (vb[1] - va[1]) * t)
        else:
            out[key] = va + (vb - va) * t
    return out


def _two_bone(local: Vec, upper: float, lower: float, *, bend_forward: bool) -> tuple[float, float]:
    """Flexion of the first joint and of the middle joint (0 = straight) that reach ``local``
    (a point in the limb root's frame; the limb hangs along -y at rest)."""
    lx, ly = local[0], local[1]
    d = min(max(math.hypot(lx, ly), abs(upper - lower) + 1e-6), upper + lower - 1e-6)
    phi = math.degrees(math.atan2(lx, -ly))
    alpha = math.degrees(math.acos((upper * upper + d * d - lower * lower) / (2 * upper * d)))
    inner = math.degrees(math.acos((upper * upper + lower * lower - d * d) / (2 * upper * lower)))
    return (phi + alpha if bend_forward else phi - alpha), 180.0 - inner


def _solve_targets(p: Params, angles: dict[str, float], root: dict[str, float]) -> None:
    for s in SIDES:
        foot, hand = p.get(f"foot_{s}"), p.get(f"hand_{s}")
        if foot is None and hand is None:
            continue
        body = forward(angles, root)
        if foot is not None:
            hip = body.points[f"hip_{s}"]
            target = (foot[0], foot[1] + ANKLE_H, hip[2])
            local = apply(transpose(body.frames["pelvis"]), sub(target, hip))
            angles[f"hip_{s}"], angles[f"knee_{s}"] = _two_bone(local, THIGH, SHANK, bend_forward=True)
        if hand is not None:
            shoulder = body.points[f"shoulder_{s}"]
            target = (hand[0], hand[1], shoulder[2])
            local = apply(transpose(body.frames["chest"]), sub(target, shoulder))
            angles[f"shoulder_{s}"], angles[f"elbow_{s}"] = _two_bone(local, UPPER_ARM, FOREARM, bend_forward=False)


def _flatten(p: Params, angles: dict[str, float], root: dict[str, float]) -> None:
    """Feet flat on the ground (``flat`` or a foot target) and hands flat, fingers forwards (``palm``)."""
    body = forward(angles, root)
    for s in SIDES:
        if p.get(f"flat_{s}") or f"foot_{s}" in p:
            fx, fy, _ = apply(body.frames[f"shank_{s}"], (1.0, 0.0, 0.0))
            angles[f"ankle_{s}"] = -math.degrees(math.atan2(fy, fx))
        if p.get(f"palm_{s}"):
            # the hand continues the forearm (its -y); turn it until it points forwards along +x
            hx, hy, _ = apply(body.frames[f"forearm_{s}"], (0.0, -1.0, 0.0))
            angles[f"wrist_{s}"] = -math.degrees(math.atan2(hy, hx))


def samples(body: Body) -> list[tuple[str, Vec, float]]:
    """Points along every body part with the part's radius: (part name, point, radius)."""
    out = []
    for cap in CAPSULES:
        a, b = body.points[cap.a], body.points[cap.b]
        n = max(1, math.ceil(math.dist(a, b) / SAMPLE_STEP))
        out += [(cap.name, lerp(a, b, i / n), cap.radius) for i in range(n + 1)]
    return out


def _drop(body: Body, scene: Scene) -> float:
    """How far the body falls until some part rests on a surface (walls do not catch it)."""
    gap = math.inf
    for _, point, radius in samples(body):
        bottom = point[1] - radius
        tops = [b.hi[1] for b in scene.boxes if b.kind != "wall" and b.contains_xz(point) and b.hi[1] <= bottom + 1e-6]
        if tops:
            gap = min(gap, bottom - max(tops))
    return 0.0 if gap is math.inf else gap


def resolve(p: Params, scene: Scene) -> Body:
    """The body of pose ``p`` in ``scene``: targets reached, planted feet flat, lowered by gravity
    unless the pose fixes ``y``."""
    angles = {k: float(p.get(k, 0.0)) for k in ANGLE_KEYS}
    root = {k: float(p[k]) for k in ROOT_KEYS if k in p}
    targets = any(k in p for k in TARGET_KEYS)
    falls = "y" not in root
    if targets and falls:
        raise PoseError("a pose with foot or hand targets must fix y")
    if falls:
        root["y"] = DROP_FROM
    _solve_targets(p, angles, root)
    _flatten(p, angles, root)
    body = forward(angles, root)
    if falls:
        root["y"] -= _drop(body, scene)
        body = forward(angles, root)
    return body
