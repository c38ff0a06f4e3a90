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
    FOOT_R,
    FOREARM,
    LIMB_JOINTS,
    ROOT_KEYS,
    SHANK,
    SIDES,
    THIGH,
    UPPER_ARM,
    Body,
    forward,
)
from .props import Scene
from .vec import Vec, add, apply, dot, lerp, mul, norm, rot_x, rot_z, scale, sub, transpose

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
    for key in [k for k in TARGET_KEYS if out.get(k) is False]:  # "foot_r = false" lifts a planted foot
        del out[key]
    for key, value in out.items():
        if key in TARGET_KEYS:
            if (
                not isinstance(value, list | tuple)
                or len(value) not in (2, 3)
                or not all(isinstance(v, int | float) for v in value)
            ):
                raise PoseError(f"{where}: {key} must be [x, y] or [x, y, z]")
            out[key] = tuple(float(v) for v in value)
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
            side = key[-1]
            limb = "foot" if key.startswith("flat") else "hand"
            nearer = a if t < 0.5 else b
            out[key] = bool(nearer.get(key, key.startswith("flat") and f"{limb}_{side}" in nearer))
        elif key in TARGET_KEYS:
            if len(va) != len(vb):
                raise PoseError(f"{key}: start and end targets need the same number of coordinates")
            out[key] = tuple(x + (y - x) * t for x, y in zip(va, vb, strict=True))
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
    first = phi + alpha if bend_forward else phi - alpha
    return (first + 180.0) % 360.0 - 180.0, 180.0 - inner


def _three_bone(local: Vec, upper: float, lower: float, *, leg: bool, side: str) -> dict[str, float]:
    """Flexion, abduction and rotation of the first joint and flexion of the middle joint that
    reach ``local`` (a point in the limb root's frame) with the knee forwards or the elbow back."""
    d = min(max(norm(local), abs(upper - lower) + 1e-6), upper + lower - 1e-6)
    u = scale(local, 1.0 / (norm(local) or 1.0))
    pole = (1.0, -0.3, 0.0) if leg else (-1.0, -0.3, 0.0)
    v = sub(pole, scale(u, dot(pole, u)))
    v = scale(v, 1.0 / (norm(v) or 1.0))
    beta = math.acos((upper * upper + d * d - lower * lower) / (2 * upper * d))
    knee = add(scale(u, upper * math.cos(beta)), scale(v, upper * math.sin(beta)))
    dx, dy, dz = scale(knee, 1.0 / upper)
    z = 1.0 if side == "r" else -1.0
    abd = math.degrees(math.asin(max(-1.0, min(1.0, z * dz))))
    flex = math.degrees(math.atan2(dx, -dy))
    first = mul(rot_z(flex), rot_x(-z * abd))
    wx, wy, wz = apply(transpose(first), sub(local, knee))
    spread = math.hypot(wx, wz)
    mid = math.degrees(math.atan2(spread, -wy))
    turn = math.degrees(math.atan2(wz, -wx) if leg else math.atan2(-wz, wx)) if spread > 1e-6 else 0.0
    names = ("hip", "hip_abd", "hip_rot", "knee") if leg else ("shoulder", "shoulder_abd", "shoulder_rot", "elbow")
    return dict(zip(names, (flex, abd, z * turn, mid), strict=True))


def _solve_targets(p: Params, angles: dict[str, float], root: dict[str, float]) -> None:
    for s in SIDES:
        for limb in ("foot", "hand"):
            target = p.get(f"{limb}_{s}")
            if target is None:
                continue
            body = forward(angles, root)
            leg = limb == "foot"
            base = body.points[f"hip_{s}" if leg else f"shoulder_{s}"]
            frame = body.frames["pelvis" if leg else "chest"]
            lift = ANKLE_H if leg else 0.0
            world = (target[0], target[1] + lift, target[2] if len(target) == 3 else base[2])
            local = apply(transpose(frame), sub(world, base))
            lengths = (THIGH, SHANK) if leg else (UPPER_ARM, FOREARM)
            if len(target) == 3:
                for joint, value in _three_bone(local, *lengths, leg=leg, side=s).items():
                    angles[f"{joint}_{s}"] = value
            elif leg:
                angles[f"hip_{s}"], angles[f"knee_{s}"] = _two_bone(local, *lengths, bend_forward=True)
            else:
                angles[f"shoulder_{s}"], angles[f"elbow_{s}"] = _two_bone(local, *lengths, bend_forward=False)


def _flatten(p: Params, angles: dict[str, float], root: dict[str, float]) -> None:
    """Feet flat on the ground (``flat`` or a foot target) and hands flat, fingers forwards (``palm``)."""
    body = forward(angles, root)
    for s in SIDES:
        if p.get(f"flat_{s}", f"foot_{s}" in p):
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


ARMS = ("upper_arm", "forearm", "hand")


def _drop(body: Body, scene: Scene) -> float:
    """How far the body falls until some part rests on a surface. Walls do not catch it, and
    neither do the arms: a pose whose arms carry weight fixes ``y`` instead."""
    gap = math.inf
    for name, point, radius in samples(body):
        if name.startswith(ARMS):
            continue
        bottom = point[1] - radius
        tops = [b.hi[1] for b in scene.boxes if b.kind != "wall" and b.contains_xz(point) and b.hi[1] <= bottom + 1e-6]
        if tops:
            gap = min(gap, bottom - max(tops))
    return 0.0 if gap is math.inf else gap


def resolve(p: Params, scene: Scene) -> Body:
    """The body of pose ``p`` in ``scene``: targets reached, planted feet flat, lowered by gravity
    unless the pose fixes ``y``. Without ``y`` the hands reach their targets after the body has
    come to rest (they hold on, they do not carry); feet targets need a fixed ``y``."""
    angles = {k: float(p.get(k, 0.0)) for k in ANGLE_KEYS}
    root = {k: float(p[k]) for k in ROOT_KEYS if k in p}
    falls = "y" not in root
    if falls and any(k.startswith("foot_") for k in p if k in TARGET_KEYS):
        raise PoseError("a pose with foot targets must fix y")
    if falls:
        root["y"] = DROP_FROM
        _flatten(p, angles, root)
        root["y"] -= _drop(forward(angles, root), scene)
    _solve_targets(p, angles, root)
    _flatten(p, angles, root)
    return _bend_toes(forward(angles, root), angles, root, scene)


def _bend_toes(body: Body, angles: dict[str, float], root: dict[str, float], scene: Scene) -> Body:
    """Toes give way where they meet the floor or a prop, as real toes do (up to 70°)."""

    def sinks(b: Body, side: str) -> bool:
        return any(box.distance(b.points[f"toe_{side}"]) < FOOT_R - 0.5 for box in scene.boxes)

    for s in SIDES:
        if not sinks(body, s):
            continue
        for extra in range(5, 75, 5):
            trial = dict(angles)
            trial[f"toes_{s}"] = min(angles[f"toes_{s}"] + extra, 70.0)
            candidate = forward(trial, root)
            if not sinks(candidate, s) or trial[f"toes_{s}"] >= 70.0:
                angles, body = trial, candidate
                break
    return body


def bake(p: Params, scene: Scene, keys: set[str]) -> Params:
    """``p`` with the targets in ``keys`` replaced by the joint angles that reach them (so a pose
    with a planted foot can be interpolated with one where that foot is lifted)."""
    body = resolve(p, scene)
    out = {k: v for k, v in p.items() if k not in keys}
    for key in keys:
        limb, side = key.rsplit("_", 1)
        joints = (
            ("hip", "hip_abd", "hip_rot", "knee", "ankle")
            if limb == "foot"
            else ("shoulder", "shoulder_abd", "shoulder_rot", "elbow", "wrist")
        )
        for joint in joints:
            out[f"{joint}_{side}"] = body.angles[f"{joint}_{side}"]
        out.pop(f"flat_{side}" if limb == "foot" else f"palm_{side}", None)
    return out
