"""The drawn exercises: ``poses.toml`` (beside this package) read into ``Figure`` objects, one per
exercise code and level (1 easier, 2 standard, 3 harder)."""

from __future__ import annotations

import itertools
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from backactive.core.languages import ADDED_LANGS, read_added

from .body import Body
from .pose import TARGET_KEYS, Params, PoseError, bake, expand, interpolate, resolve
from .props import PropError, Scene, scene_from

POSES_FILE = Path(__file__).resolve().parent.parent / "poses.toml"
TRANSLATIONS_DIR = POSES_FILE.parent / "translations"
LEVELS = (1, 2, 3)
_POSES = ("start", "mid", "end")
LIMBS = ("trunk", "head", "arm_l", "arm_r", "leg_l", "leg_r")
_LEVEL_KEYS = ("view", "props", "moving", "track", "hold", "start", "mid", "end")


@dataclass(frozen=True)
class View:
    """An orthographic camera: turned ``yaw`` degrees around the body (90 = from the front) and
    looking down from ``elevation`` degrees above the horizon."""

    yaw: float = 0.0
    elevation: float = 0.0


VIEWS = {"side": View(), "front": View(90.0), "back": View(-90.0)}


@dataclass(frozen=True)
class Figure:
    code: str
    level: int
    view: View
    scene: Scene
    start: Params
    mid: Params | None  # an optional halfway pose, for movements that do not go straight
    end: Params
    segments: tuple[tuple[Params, Params], ...]  # (start, end) or (start, mid), (mid, end)
    moving: tuple[str, ...] | None  # highlighted limbs; None = those whose joints move
    track: tuple[str, ...] | None  # points whose path becomes an arrow; None = chosen
    hold: bool  # a held position (stretch, balance) rather than repetitions

    def at(self, t: float) -> Body:
        """The body a fraction ``t`` (0 start, 1 end) through the movement."""
        n = len(self.segments)
        i = min(int(t * n), n - 1)
        a, b = self.segments[i]
        return resolve(interpolate(a, b, t * n - i), self.scene)


class FigureError(ValueError):
    """The pose data are malformed; the message names the exercise and level."""


def _view(raw: Any, where: str) -> View:
    if isinstance(raw, str) and raw in VIEWS:
        return VIEWS[raw]
    if isinstance(raw, dict) and set(raw) <= {"yaw", "elevation"}:
        return View(float(raw.get("yaw", 0.0)), float(raw.get("elevation", 0.0)))
    raise FigureError(f"{where}: view must be side, front, back or {{yaw, elevation}}")


def _names(raw: Any, where: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise FigureError(f"{where}: must be a list of names")
    if allowed is not None and (unknown := [v for v in raw if v not in allowed]):
        raise FigureError(f"{where}: unknown {', '.join(unknown)}")
    return tuple(raw)


def _even(a: Params, b: Params, scene: Scene) -> tuple[Params, Params]:
    """A start and end with the same targets: a target only one of them has becomes angles."""
    uneven = {k for k in TARGET_KEYS if (k in a) != (k in b)}
    if not uneven:
        return a, b
    return bake(a, scene, uneven & set(a)), bake(b, scene, uneven & set(b))


def _figure(code: str, level: int, raw: dict[str, Any], bases: dict[str, Any]) -> Figure:
    where = f"poses.toml: {code} level {level}"
    over = raw.get("levels", {}).get(str(level), {})
    unknown = set(over) - set(_LEVEL_KEYS)
    if unknown:
        raise FigureError(f"{where}: unknown key {sorted(unknown)[0]}")
    merged = {k: raw.get(k) for k in _LEVEL_KEYS} | {k: v for k, v in over.items() if k not in _POSES}
    try:
        start, mid, end = (
            expand({**raw.get(k, {}), **over.get(k, {})}, bases, f"{where} {k}") if k in raw or k in over else None
            for k in _POSES
        )
        if start is None or end is None:
            raise PoseError("needs a start and an end pose")
        scene = scene_from(merged["props"] or [])
        poses = [q for q in (start, mid, end) if q is not None]
        segments = tuple(_even(a, b, scene) for a, b in itertools.pairwise(poses))
        figure = Figure(
            code=code,
            level=level,
            view=_view(merged["view"] or "side", where),
            scene=scene,
            start=start,
            mid=mid,
            end=end,
            segments=segments,
            moving=_names(merged["moving"], f"{where}.moving", LIMBS),
            track=_names(merged["track"], f"{where}.track"),
            hold=bool(merged["hold"]),
        )
    except (PoseError, PropError) as exc:
        raise FigureError(f"{where}: {exc}") from None
    return figure


def load_figures(path: Path = POSES_FILE) -> dict[str, dict[int, Figure]]:
    """Every drawn exercise: code -> level -> Figure. ``FigureError`` on malformed data."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise FigureError(f"{path.name}: {exc}") from None
    bases = data.pop("_bases", {})
    data.pop("_texts", None)
    return {code: {lvl: _figure(code, lvl, raw, bases) for lvl in LEVELS} for code, raw in data.items()}


@lru_cache(maxsize=1)
def figures() -> dict[str, dict[int, Figure]]:
    """The shipped figures, read once per process."""
    return load_figures()


@lru_cache(maxsize=1)
def texts() -> dict[str, dict[str, str]]:
    """The few words the drawings carry themselves (level names, picture descriptions): key ->
    {"de", "en", and the added patient languages from ``translations/<lang>.toml`` beside
    poses.toml; a missing one reads German, and ``untranslated_texts`` names it}."""
    data = tomllib.loads(POSES_FILE.read_text(encoding="utf-8"))
    added = read_added(TRANSLATIONS_DIR)
    return {key: {**value, **{lang: added[lang].get(key) or value["de"] for lang in ADDED_LANGS}}
            for key, value in data.get("_texts", {}).items()}


def untranslated_texts() -> list[str]:
    """``key.lang`` of every drawing word an added language lacks (it would read German)."""
    data = tomllib.loads(POSES_FILE.read_text(encoding="utf-8"))
    added = read_added(TRANSLATIONS_DIR)
    return [f"{key}.{lang}" for key in data.get("_texts", {}) for lang in ADDED_LANGS
            if not str(added[lang].get(key) or "").strip()]
