"""Read the knowledge TOML files and check them against each other and ``backactive.core.codes``.

Validation happens once, at load: a broken file stops the program at start (``KnowledgeError``
naming the file and entry) instead of producing a wrong suggestion in a consultation.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from backactive.core import codes

from .model import (
    IMPACTS,
    KINDS,
    Answer,
    GuideStep,
    Item,
    Knowledge,
    Reference,
    Rules,
    Strategy,
    Support,
    Text,
)

KNOWLEDGE_DIR = Path(__file__).resolve().parent
DRAWINGS_DIR = KNOWLEDGE_DIR.parent / "static" / "recommendations" / "exercises"
MIN_ITEMS = 40
MIN_DRAWN_HOME_EXERCISES = 15
GUIDE_KEYS = {1: "one_minute", 5: "five_minute"}
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_TEXT_KEYS = (
    "why.favourite",
    "why.addresses",
    "why.favourite_addresses",
    "why.suits",
    "offer.why",
    "goals.build",
    "goals.keep",
    "reminders.text",
)


class KnowledgeError(ValueError):
    """A knowledge file is missing, malformed or inconsistent."""


def _read(directory: Path, name: str) -> dict[str, Any]:
    path = directory / name
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise KnowledgeError(f"{name}: file is missing") from exc
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"{name}: {exc}") from exc


def _text(value: Any, where: str) -> Text:
    if not isinstance(value, dict):
        raise KnowledgeError(f"{where}: needs German and English text (de, en)")
    missing = [lang for lang in codes.LANGS if not isinstance(value.get(lang), str) or not value[lang].strip()]
    if missing:
        raise KnowledgeError(f"{where}: text missing in {', '.join(missing)}")
    return Text(de=value["de"], en=value["en"])


def _codes(value: Any, known: dict[str, Any] | set[str], where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise KnowledgeError(f"{where}: must be a list of codes")
    unknown = [v for v in value if v not in known]
    if unknown:
        raise KnowledgeError(f"{where}: unknown code(s) {', '.join(unknown)}")
    return tuple(value)


def _one_of(value: Any, allowed: tuple[str, ...] | dict[str, Any], where: str) -> str:
    if value not in allowed:
        raise KnowledgeError(f"{where}: {value!r} is not one of {', '.join(allowed)}")
    return str(value)


def _item(code: str, raw: dict[str, Any], name: str, ctx: dict[str, Any], drawings: Path) -> Item:
    where = f"{name}: {code}"
    if not _CODE.match(code):
        raise KnowledgeError(f"{where}: code must be snake_case")
    minutes = raw.get("minutes")
    if (
        not isinstance(minutes, list)
        or len(minutes) != 2
        or not all(type(m) is int for m in minutes)
        or not 1 <= minutes[0] <= minutes[1]
    ):
        raise KnowledgeError(f"{where}: minutes must be [min, max] with 1 <= min <= max")
    setting = _one_of(raw.get("setting"), codes.SETTINGS, f"{where}.setting")
    needs_facility = raw.get("needs_facility", setting in ("facility", "water"))
    if setting == "facility" and needs_facility is not True:
        raise KnowledgeError(f"{where}: a facility item needs a facility")
    drawing = None
    if raw.get("drawing", False):
        drawing = drawings / f"{code}.svg"
        if not drawing.is_file():
            raise KnowledgeError(f"{where}: drawing {drawing.name} is missing")
    return Item(
        code=code,
        kind=_one_of(raw.get("kind"), KINDS, f"{where}.kind"),
        family=str(raw.get("family") or code),
        min_minutes=minutes[0],
        max_minutes=minutes[1],
        impact=_one_of(raw.get("impact"), IMPACTS, f"{where}.impact"),
        setting=setting,
        social=_one_of(raw.get("social"), codes.SOCIAL, f"{where}.social"),
        needs_facility=bool(needs_facility),
        equipment=_codes(raw.get("equipment", []), ctx["equipment"], f"{where}.equipment"),
        suits=frozenset(_codes(raw.get("suits", []), codes.CONDITIONS, f"{where}.suits")),
        excluded_by=frozenset(_codes(raw.get("excluded_by", []), codes.CONDITIONS, f"{where}.excluded_by")),
        answers=_codes(raw.get("answers", []), codes.BARRIERS, f"{where}.answers"),
        strategies=_codes(raw.get("strategies", []), ctx["strategies"], f"{where}.strategies"),
        title=_text(raw.get("title"), f"{where}.title"),
        why=_text(raw.get("why"), f"{where}.why"),
        instructions=_text(raw.get("instructions"), f"{where}.instructions"),
        drawing=drawing,
    )


def _answers(
    raw: dict[str, Any], strategies: dict[str, Strategy], refs: dict[str, Reference]
) -> dict[str, tuple[Answer, ...]]:
    unknown = [b for b in raw if b not in codes.BARRIERS]
    if unknown:
        raise KnowledgeError(f"barriers.toml: unknown barrier(s) {', '.join(unknown)}")
    out: dict[str, tuple[Answer, ...]] = {}
    for barrier in codes.BARRIERS:
        entries = raw.get(barrier)
        if not entries:
            raise KnowledgeError(f"barriers.toml: barrier {barrier} is answered by no strategy")
        found = []
        for i, entry in enumerate(entries):
            where = f"barriers.toml: {barrier}[{i}]"
            found.append(
                Answer(
                    barrier=barrier,
                    strategy=_one_of(entry.get("strategy"), strategies, f"{where}.strategy"),
                    why=_text(entry.get("why"), f"{where}.why"),
                    ref=_one_of(entry.get("ref"), refs, f"{where}.ref"),
                )
            )
        out[barrier] = tuple(found)
    return out


def _guides(raw: dict[str, Any]) -> dict[int, tuple[GuideStep, ...]]:
    guides = {}
    for minutes, key in GUIDE_KEYS.items():
        steps = raw.get(key)
        if not steps:
            raise KnowledgeError(f"guides.toml: the {key} guide is missing")
        guides[minutes] = tuple(
            GuideStep(
                heading=_text(s.get("heading"), f"guides.toml: {key}[{i}].heading"),
                text=_text(s.get("text"), f"guides.toml: {key}[{i}].text"),
            )
            for i, s in enumerate(steps)
        )
    return guides


def _texts(raw: dict[str, Any]) -> dict[str, Text]:
    out = {}
    for key in _TEXT_KEYS:
        group, _, name = key.partition(".")
        out[key] = _text(raw.get(group, {}).get(name), f"texts.toml: {key}")
    return out


def _rules(raw: dict[str, Any]) -> Rules:
    def section(name: str) -> dict[str, Any]:
        value = raw.get(name)
        if not isinstance(value, dict):
            raise KnowledgeError(f"rules.toml: section [{name}] is missing")
        return value

    def number(name: str, key: str, low: float, high: float) -> Any:
        value = section(name).get(key)
        if not isinstance(value, int | float) or isinstance(value, bool) or not low <= value <= high:
            raise KnowledgeError(f"rules.toml: {name}.{key} must be a number from {low:g} to {high:g}")
        return value

    def barriers(name: str) -> frozenset[str]:
        return frozenset(_codes(section(name).get("barriers"), codes.BARRIERS, f"rules.toml: {name}.barriers"))

    return Rules(
        high_impact_barriers=barriers("high_impact_excluded_by"),
        high_impact_conditions=frozenset(
            _codes(
                section("high_impact_excluded_by").get("conditions"),
                codes.CONDITIONS,
                "rules.toml: high_impact_excluded_by.conditions",
            )
        ),
        facility_barriers=barriers("facility_excluded_by"),
        gentle_barriers=barriers("gentle_start"),
        gentle_pain=float(number("gentle_start", "pain_at_least", 0, 10)),
        short_bout_barriers=barriers("short_bouts"),
        short_bout_minutes=int(number("short_bouts", "max_minutes", 5, 60)),
        older_age=int(number("older_adults", "age_at_least", 18, 120)),
        older_families=frozenset(str(f) for f in section("older_adults").get("families", [])),
    )


def load(directory: Path = KNOWLEDGE_DIR, drawings: Path = DRAWINGS_DIR) -> Knowledge:
    """Load and validate every knowledge file in ``directory``; raise ``KnowledgeError`` if broken."""
    refs = {c: Reference(c, _text(v, f"references.toml: {c}")) for c, v in _read(directory, "references.toml").items()}
    strategies = {
        c: Strategy(
            c,
            _text(v.get("title"), f"strategies.toml: {c}.title"),
            _text(v.get("explanation"), f"strategies.toml: {c}.explanation"),
        )
        for c, v in _read(directory, "strategies.toml").items()
    }
    equipment = {c: _text(v, f"equipment.toml: {c}") for c, v in _read(directory, "equipment.toml").items()}
    ctx = {"strategies": strategies, "equipment": equipment}
    items: dict[str, Item] = {}
    for name in ("activities.toml", "exercises.toml"):
        for code, raw in _read(directory, name).items():
            if code in items:
                raise KnowledgeError(f"{name}: {code} is defined twice")
            items[code] = _item(code, raw, name, ctx, drawings)
    support = {
        c: Support(
            c,
            _codes(v.get("triggers"), codes.BARRIERS, f"support.toml: {c}.triggers"),
            _codes(v.get("strategies", []), strategies, f"support.toml: {c}.strategies"),
            _text(v.get("title"), f"support.toml: {c}.title"),
            _text(v.get("why"), f"support.toml: {c}.why"),
        )
        for c, v in _read(directory, "support.toml").items()
    }
    knowledge = Knowledge(
        strategies=strategies,
        answers=_answers(_read(directory, "barriers.toml"), strategies, refs),
        items=items,
        support=support,
        guides=_guides(_read(directory, "guides.toml")),
        references=refs,
        equipment=equipment,
        texts=_texts(_read(directory, "texts.toml")),
        rules=_rules(_read(directory, "rules.toml")),
    )
    _check_coverage(knowledge)
    unknown = knowledge.rules.older_families - {i.family for i in items.values()}
    if unknown:
        raise KnowledgeError(f"rules.toml: older_adults.families: unknown family {sorted(unknown)[0]}")
    return knowledge


def _check_coverage(knowledge: Knowledge) -> None:
    """The promises of the issue: enough items, drawings, and every barrier answered by an item."""
    if len(knowledge.items) < MIN_ITEMS:
        raise KnowledgeError(f"knowledge: {len(knowledge.items)} items, at least {MIN_ITEMS} needed")
    drawn = [i for i in knowledge.items.values() if i.kind == "exercise" and i.setting == "home" and i.drawing]
    if len(drawn) < MIN_DRAWN_HOME_EXERCISES:
        raise KnowledgeError(
            f"knowledge: {len(drawn)} drawn home exercises, at least {MIN_DRAWN_HOME_EXERCISES} needed"
        )
    answered = {b for item in knowledge.items.values() for b in item.answers}
    for barrier in codes.BARRIERS:
        if barrier not in answered:
            raise KnowledgeError(f"knowledge: barrier {barrier} is answered by no activity or exercise")
