"""Is a drawn pose physically plausible? Joint angles within human ranges, nothing through the
floor or a prop, no limb through the head or the trunk, and the body held up: something rests on
a support and the centre of mass lies over what supports it.

``problems(body, scene)`` lists what is wrong in words (empty when the pose is plausible).
"""

from __future__ import annotations

from .body import (
    ANGLE_KEYS,
    CAPSULE_BY_NAME,
    CAPSULES,
    HEAD_R,
    RANGES,
    SIDES,
    STRAIGHT_KNEE,
    STRAIGHT_LEG_HIP_MAX,
    Body,
)
from .pose import samples
from .props import Scene
from .vec import distance_to_polygon, hull2d, lerp, segment_distance

TOUCH = 2.0  # cm of overlap that still counts as touching, not passing through
CONTACT = 2.5  # cm from a surface that counts as resting on it
BALANCE_MARGIN = 8.0  # cm the centre of mass may lie beyond the outermost contact
MASS = {
    "pelvis": 0.0,
    "lower_trunk": 0.25,
    "upper_trunk": 0.25,
    "head": 0.08,
    "neck": 0.0,
    "thigh": 0.1,
    "shank": 0.045,
    "foot": 0.012,
    "toes": 0.003,
    "upper_arm": 0.028,
    "forearm": 0.016,
    "hand": 0.006,
}
_LIMBS = ("thigh", "shank", "foot", "toes", "upper_arm", "forearm", "hand")
# Parts that meet at a joint (or sit side by side at the hips) may overlap.
_ADJACENT = {
    frozenset(p)
    for s in SIDES
    for p in (
        ("lower_trunk", f"thigh_{s}"),
        ("pelvis", f"thigh_{s}"),
        ("upper_trunk", f"upper_arm_{s}"),
        (f"thigh_{s}", f"shank_{s}"),
        (f"shank_{s}", f"foot_{s}"),
        (f"foot_{s}", f"toes_{s}"),
        (f"upper_arm_{s}", f"forearm_{s}"),
        (f"forearm_{s}", f"hand_{s}"),
    )
}


def _kind(name: str) -> str:
    return name.rsplit("_", 1)[0] if name.endswith(("_l", "_r")) else name


def angle_problems(body: Body) -> list[str]:
    out = []
    for key in ANGLE_KEYS:
        joint = key[:-2] if key.endswith(("_l", "_r")) else key
        low, high = RANGES[joint]
        value = body.angles[key]
        if not low - 0.5 <= value <= high + 0.5:
            out.append(f"{key} {value:.0f}° is outside the human range {low:g}..{high:g}°")
    for s in SIDES:
        if body.angles[f"knee_{s}"] < STRAIGHT_KNEE and body.angles[f"hip_{s}"] > STRAIGHT_LEG_HIP_MAX + 0.5:
            out.append(f"hip_{s} {body.angles[f'hip_{s}']:.0f}° with a straight knee is beyond the hamstrings' reach")
    return out


def collision_problems(body: Body, scene: Scene) -> list[str]:
    out = []
    pts = body.points
    for box in scene.boxes:
        worst = max(((r - box.distance(p), name) for name, p, r in samples(body)), default=(0.0, ""))
        if worst[0] > TOUCH:
            out.append(f"{worst[1]} goes {worst[0]:.0f} cm into the {box.kind}")
    for cap in CAPSULES:
        if cap.name in ("head", "neck", "upper_trunk"):
            continue
        gap = segment_distance(pts[cap.a], pts[cap.b], pts["head"], pts["head"]) - cap.radius - HEAD_R
        if gap < -TOUCH:
            out.append(f"{cap.name} goes through the head")
    names = [c.name for c in CAPSULES if _kind(c.name) in _LIMBS]
    others = [*names, "lower_trunk", "upper_trunk"]  # the pelvis only rests; hanging arms brush it
    seen: set[frozenset[str]] = set()
    for a in names:
        for b in others:
            pair = frozenset((a, b))
            if a == b or pair in seen or pair in _ADJACENT:
                continue
            seen.add(pair)
            ca, cb = CAPSULE_BY_NAME[a], CAPSULE_BY_NAME[b]
            gap = segment_distance(pts[ca.a], pts[ca.b], pts[cb.a], pts[cb.b]) - ca.radius - cb.radius
            if gap < -TOUCH - 1.0:
                out.append(f"{a} goes through {b}")
    return out


def support_problems(body: Body, scene: Scene) -> list[str]:
    contacts = [
        (p[0], p[2])
        for _, p, r in samples(body)
        if any(-TOUCH <= box.distance(p) - r <= CONTACT for box in scene.boxes)
    ]
    if not contacts:
        return ["nothing rests on the floor or a prop: the body floats"]
    total = sum(MASS[_kind(c.name)] for c in CAPSULES)
    com = [0.0, 0.0]
    for cap in CAPSULES:
        mid = lerp(body.points[cap.a], body.points[cap.b], 0.5)
        weight = MASS[_kind(cap.name)] / total
        com[0] += mid[0] * weight
        com[1] += mid[2] * weight
    off = distance_to_polygon((com[0], com[1]), hull2d(contacts))
    if off > BALANCE_MARGIN:
        return [f"the centre of mass is {off:.0f} cm beyond what supports the body: it would fall"]
    return []


def problems(body: Body, scene: Scene) -> list[str]:
    """Everything implausible about this body in this scene, in words; [] when plausible."""
    return angle_problems(body) + collision_problems(body, scene) + support_problems(body, scene)


__all__ = ["angle_problems", "collision_problems", "problems", "support_problems"]
