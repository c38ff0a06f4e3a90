"""Props as boxes in space: floor, mat, chair, wall, step; bands and hand weights attach to body
points. Every box's top is a surface the body can rest on; all of a box is solid."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .vec import Vec

MAT_TOP = 2.0
SEAT_TOP, SEAT_DEPTH, SEAT_WIDTH, BACK_TOP = 41.0, 40.0, 42.0, 86.0
WALL_THICKNESS = 6.0
PROP_KINDS = ("floor", "mat", "chair", "wall", "step", "band", "weights")


class PropError(ValueError):
    """A prop in the pose data is unknown or malformed."""


@dataclass(frozen=True)
class Box:
    kind: str  # "floor", "mat", "seat", "chair_leg", "chair_back", "wall", "step"
    lo: Vec
    hi: Vec

    def contains_xz(self, p: Vec, margin: float = 0.0) -> bool:
        return self.lo[0] - margin <= p[0] <= self.hi[0] + margin and self.lo[2] - margin <= p[2] <= self.hi[2] + margin

    def distance(self, p: Vec) -> float:
        """Distance from p to the box (negative inside: minus the depth to the nearest face)."""
        outside = [max(lo - v, 0.0, v - hi) for lo, v, hi in zip(self.lo, p, self.hi, strict=True)]
        if any(outside):
            return sum(d * d for d in outside) ** 0.5
        return -min(min(v - lo, hi - v) for lo, v, hi in zip(self.lo, p, self.hi, strict=True))


@dataclass(frozen=True)
class Band:
    a: str  # a body point name, or "anchor"
    b: str
    anchor: Vec | None


@dataclass(frozen=True)
class Scene:
    boxes: tuple[Box, ...]
    bands: tuple[Band, ...]
    weights: tuple[str, ...]  # body points holding a weight ("hand_r", ...)

    def surfaces_below(self, p: Vec) -> list[float]:
        """Heights of the tops of every box under the point p (the floor is always there)."""
        return [b.hi[1] for b in self.boxes if b.contains_xz(p)]


FLOOR = Box("floor", (-1e4, -3.0, -1e4), (1e4, 0.0, 1e4))


def _num(raw: dict[str, Any], key: str, default: float) -> float:
    value = raw.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise PropError(f"{raw.get('kind')}.{key} must be a number")
    return float(value)


def _chair(raw: dict[str, Any]) -> list[Box]:
    """A chair whose seat is centred on x; ``facing`` 1 means someone sitting on it faces +x."""
    x, z, facing = _num(raw, "x", 0.0), _num(raw, "z", 0.0), _num(raw, "facing", 1.0)
    back = x - facing * SEAT_DEPTH / 2
    w = SEAT_WIDTH / 2
    boxes = [Box("seat", (x - SEAT_DEPTH / 2, SEAT_TOP - 4, z - w), (x + SEAT_DEPTH / 2, SEAT_TOP, z + w))]
    for lx in (x - SEAT_DEPTH / 2 + 2, x + SEAT_DEPTH / 2 - 2):
        for lz in (z - w + 2, z + w - 2):
            boxes.append(Box("chair_leg", (lx - 1.5, 0.0, lz - 1.5), (lx + 1.5, SEAT_TOP - 4, lz + 1.5)))
    bx0, bx1 = sorted((back, back - facing * 3))
    boxes.append(Box("chair_back", (bx0, SEAT_TOP, z - w), (bx1, BACK_TOP, z + w)))
    return boxes


def scene_from(raw_props: list[Any]) -> Scene:
    """The scene for a list of props: names ("mat") or tables ({kind = "chair", x = 20})."""
    boxes: list[Box] = [FLOOR]
    bands: list[Band] = []
    weights: list[str] = []
    for entry in raw_props:
        raw = {"kind": entry} if isinstance(entry, str) else dict(entry)
        kind = raw.get("kind")
        if kind not in PROP_KINDS:
            raise PropError(f"unknown prop {kind!r}")
        if kind == "mat":
            x0, x1 = _num(raw, "x0", -105.0), _num(raw, "x1", 105.0)
            boxes.append(Box("mat", (x0, 0.0, -32.0), (x1, MAT_TOP, 32.0)))
        elif kind == "chair":
            boxes += _chair(raw)
        elif kind == "wall":
            x = _num(raw, "x", 60.0)
            lo, hi = (x, x + WALL_THICKNESS) if x >= 0 else (x - WALL_THICKNESS, x)
            boxes.append(Box("wall", (lo, 0.0, -60.0), (hi, 200.0, 60.0)))
        elif kind == "step":
            x, h = _num(raw, "x", 35.0), _num(raw, "h", 17.0)
            boxes.append(Box("step", (x - 16.0, 0.0, -30.0), (x + 16.0, h, 30.0)))
        elif kind == "band":
            anchor = raw.get("anchor")
            bands.append(
                Band(
                    a=str(raw.get("a", "hand_r")),
                    b=str(raw.get("b", "anchor" if anchor else "hand_l")),
                    anchor=tuple(float(v) for v in anchor) if anchor else None,  # type: ignore[arg-type]
                )
            )
        elif kind == "weights":
            weights += [f"hand_{s}" for s in raw.get("hands", ["l", "r"])]
    return Scene(boxes=tuple(boxes), bands=tuple(bands), weights=tuple(weights))
