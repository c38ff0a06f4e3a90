"""Read one activity or exercise of activities.toml / exercises.toml and check it. Pure Python."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

from backactive.core import codes

from .model import DEFAULT_TEMPO_SECONDS, FLARE_UP, IMPACTS, KINDS, MOVEMENTS, Dose, Item, Level, Text
from .parse import KnowledgeError, code_list, in_order, one_of, text, whole

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_DOSE_KEYS = {"sets", "reps", "hold_seconds", "rest_seconds", "per_side"}


def _dose(raw: Any, tempo: Any, where: str) -> Dose:
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{where}.dose: an exercise needs a dose {{sets, reps and/or hold_seconds, per_side}}")
    extra = sorted(set(raw) - _DOSE_KEYS)
    if extra:
        raise KnowledgeError(f"{where}.dose: unknown key {extra[0]}")
    reps = whole(raw["reps"], f"{where}.dose.reps", 1, 100) if "reps" in raw else None
    hold = whole(raw["hold_seconds"], f"{where}.dose.hold_seconds", 1, 900) if "hold_seconds" in raw else None
    if reps is None and hold is None:
        raise KnowledgeError(f"{where}.dose: needs reps or hold_seconds")
    if not isinstance(raw.get("per_side"), bool):
        raise KnowledgeError(f"{where}.dose.per_side: must be true or false")
    return Dose(
        sets=whole(raw.get("sets"), f"{where}.dose.sets", 1, 10),
        reps=reps,
        hold_seconds=hold,
        rest_seconds=whole(raw["rest_seconds"], f"{where}.dose.rest_seconds", 1, 600)
        if "rest_seconds" in raw
        else None,
        per_side=raw["per_side"],
        tempo_seconds=whole(tempo, f"{where}.tempo_seconds", 1, 30) if tempo is not None else DEFAULT_TEMPO_SECONDS,
    )


def _levels(raw: dict[str, Any], dose: Dose, instructions: Text, where: str) -> tuple[Level, ...]:
    """Levels 1 and 3 from ``[code.levels.N]`` (a dose, instructions where the movement differs);
    level 2 is the item's own dose and instructions."""
    table = raw.get("levels")
    if not isinstance(table, dict) or set(table) != {"1", "3"}:
        raise KnowledgeError(f"{where}.levels: an exercise needs levels 1 and 3 (level 2 is its own dose)")
    out = []
    for number in (1, 2, 3):
        if number == 2:
            out.append(Level(2, dose, instructions))
            continue
        entry = table[str(number)]
        spot = f"{where}.levels.{number}"
        if not isinstance(entry, dict) or set(entry) - {"dose", "instructions"}:
            raise KnowledgeError(f"{spot}: only dose and instructions")
        text_ = text(entry["instructions"], f"{spot}.instructions") if "instructions" in entry else instructions
        out.append(Level(number, _dose(entry.get("dose"), raw.get("tempo_seconds"), spot), text_))
    for other in (out[0], out[2]):
        if other.dose == dose and other.instructions == instructions:
            raise KnowledgeError(f"{where}.levels.{other.level}: the same as level 2; change the dose or the movement")
    return tuple(out)


def _minutes(raw: dict[str, Any], dose: Dose | None, where: str) -> tuple[int, int]:
    if dose is not None:
        if "minutes" in raw:
            raise KnowledgeError(f"{where}: an exercise takes its minutes from its dose; remove minutes")
        return dose.minutes(), dose.minutes()
    minutes = raw.get("minutes")
    if (
        not isinstance(minutes, list)
        or len(minutes) != 2
        or not all(type(m) is int for m in minutes)
        or not 1 <= minutes[0] <= minutes[1]
    ):
        raise KnowledgeError(f"{where}: minutes must be [min, max] with 1 <= min <= max")
    return minutes[0], minutes[1]


def _needs(raw: dict[str, Any], setting: str, where: str) -> tuple[str, ...]:
    needs = in_order(code_list(raw.get("needs"), codes.NEEDS, f"{where}.needs"), codes.NEEDS)
    if setting == "water" and "water" not in needs:
        raise KnowledgeError(f"{where}.needs: an item in water needs water")
    if setting in ("facility", "water") and "facility" not in needs:
        raise KnowledgeError(f"{where}.needs: an item at a facility or in water needs facility")
    return needs


def parse_item(code: str, raw: dict[str, Any], name: str, ctx: dict[str, Any], drawings: Path) -> Item:
    """One item of ``name``; ``ctx`` holds the strategies, equipment and references it may name."""
    where = f"{name}: {code}"
    if not _CODE.match(code):
        raise KnowledgeError(f"{where}: code must be snake_case")
    kind = one_of(raw.get("kind"), KINDS, f"{where}.kind")
    dose = _dose(raw.get("dose"), raw.get("tempo_seconds"), where) if kind == "exercise" else None
    if kind != "exercise" and ("dose" in raw or "levels" in raw):
        raise KnowledgeError(f"{where}: only exercises have a dose and levels")
    min_minutes, max_minutes = _minutes(raw, dose, where)
    setting = one_of(raw.get("setting"), codes.SETTINGS, f"{where}.setting")
    position = raw.get("position")
    if kind == "exercise" or position is not None:
        position = one_of(position, codes.POSITIONS, f"{where}.position")
    components = in_order(code_list(raw.get("components"), codes.COMPONENTS, f"{where}.components"), codes.COMPONENTS)
    if not components:
        raise KnowledgeError(f"{where}.components: name at least one component")
    flare_up = one_of(raw.get("flare_up", "no"), FLARE_UP, f"{where}.flare_up")
    answers = code_list(raw.get("answers", []), codes.BARRIERS, f"{where}.answers")
    if flare_up == "only" and answers:
        raise KnowledgeError(f"{where}: a flare-up-only item is not in the plan, so it answers no barrier")
    reviewed = raw.get("reviewed")
    if not isinstance(reviewed, datetime.date) or isinstance(reviewed, datetime.datetime):
        raise KnowledgeError(f"{where}.reviewed: the date of the last clinical review (YYYY-MM-DD)")
    sources = code_list(raw.get("sources"), ctx["references"], f"{where}.sources")
    if not sources:
        raise KnowledgeError(f"{where}.sources: name at least one source")
    drawing = None
    if raw.get("drawing", False):
        drawing = drawings / f"{code}.svg"
        if not drawing.is_file():
            raise KnowledgeError(f"{where}: drawing {drawing.name} is missing")
    instructions = text(raw.get("instructions"), f"{where}.instructions")
    return Item(
        code=code,
        kind=kind,
        family=str(raw.get("family") or code),
        priority=whole(raw.get("priority"), f"{where}.priority", 1, 99),
        min_minutes=min_minutes,
        max_minutes=max_minutes,
        impact=one_of(raw.get("impact"), IMPACTS, f"{where}.impact"),
        intensity=one_of(raw.get("intensity"), codes.INTENSITIES, f"{where}.intensity"),
        setting=setting,
        social=one_of(raw.get("social"), codes.SOCIAL, f"{where}.social"),
        components=components,
        needs=_needs(raw, setting, where),
        position=position,
        movements=frozenset(code_list(raw.get("movements", []), MOVEMENTS, f"{where}.movements")),
        flare_up=flare_up,
        dose=dose,
        equipment=code_list(raw.get("equipment", []), ctx["equipment"], f"{where}.equipment"),
        suits=frozenset(code_list(raw.get("suits", []), codes.CONDITIONS, f"{where}.suits")),
        excluded_by=frozenset(code_list(raw.get("excluded_by", []), codes.CONDITIONS, f"{where}.excluded_by")),
        answers=answers,
        strategies=code_list(raw.get("strategies", []), ctx["strategies"], f"{where}.strategies"),
        sources=sources,
        reviewed=reviewed,
        title=text(raw.get("title"), f"{where}.title"),
        why=text(raw.get("why"), f"{where}.why"),
        instructions=instructions,
        drawing=drawing,
        levels=_levels(raw, dose, instructions, where) if dose is not None else (),
    )
