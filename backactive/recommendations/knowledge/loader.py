"""Read the knowledge TOML files and check them against each other and ``backactive.core.codes``.

Validation happens once, at load: a broken file stops the program at start (``KnowledgeError``
naming the file and entry) instead of producing a wrong suggestion in a consultation.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from backactive.core import codes
from backactive.core.languages import read_added

from .items import parse_item
from .model import Answer, Card, GuideStep, Item, Knowledge, Reference, Strategy, Support, Text
from .parse import KnowledgeError, code_list, one_of, read, text, translations_for
from .rules import parse_rules
from .safety import parse_red_flags, parse_safety

__all__ = ["DRAWINGS_DIR", "KNOWLEDGE_DIR", "SIGNALS", "KnowledgeError", "load"]

KNOWLEDGE_DIR = Path(__file__).resolve().parent
DRAWINGS_DIR = KNOWLEDGE_DIR.parent / "static" / "recommendations" / "exercises"
MIN_ITEMS = 40
MIN_DRAWN_HOME_EXERCISES = 15
MIN_WHEELCHAIR_ITEMS = 6
GUIDE_KEYS = {1: "one_minute", 5: "five_minute"}
# Triggers of support items besides barrier codes: what the diary shows.
SIGNALS = ("long_session_pattern",)
_TEXT_KEYS = (
    "why.favourite",
    "why.addresses",
    "why.favourite_addresses",
    "why.suits",
    "why.and",
    "offer.why",
    "goals.build",
    "goals.keep",
    "reminders.text",
    "activity.other",
    "activity.exercise_session",
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
                    strategy=one_of(entry.get("strategy"), strategies, f"{where}.strategy"),
                    why=text(entry.get("why"), f"{where}.why"),
                    ref=one_of(entry.get("ref"), refs, f"{where}.ref"),
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
                heading=text(s.get("heading"), f"guides.toml: {key}[{i}].heading"),
                text=text(s.get("text"), f"guides.toml: {key}[{i}].text"),
                reassurance=s.get("reassurance", False) is True,
            )
            for i, s in enumerate(steps)
        )
    return guides


def _texts(raw: dict[str, Any]) -> tuple[dict[str, Text], dict[str, Text]]:
    out = {}
    for key in _TEXT_KEYS:
        group, _, name = key.partition(".")
        out[key] = text(raw.get(group, {}).get(name), f"texts.toml: {key}")
    reasons = raw.get("reasons", {})
    unknown = [b for b in reasons if b not in codes.BARRIERS]
    if unknown:
        raise KnowledgeError(f"texts.toml: reasons: unknown barrier {unknown[0]}")
    return out, {b: text(reasons.get(b), f"texts.toml: reasons.{b}") for b in codes.BARRIERS}


def _support(raw: dict[str, Any], strategies: dict[str, Strategy], refs: dict[str, Reference]) -> dict[str, Support]:
    triggers_known = set(codes.BARRIERS) | set(SIGNALS)
    return {
        c: Support(
            c,
            code_list(v.get("triggers"), triggers_known, f"support.toml: {c}.triggers"),
            code_list(v.get("strategies", []), strategies, f"support.toml: {c}.strategies"),
            one_of(v.get("ref"), refs, f"support.toml: {c}.ref"),
            text(v.get("title"), f"support.toml: {c}.title"),
            text(v.get("why"), f"support.toml: {c}.why"),
        )
        for c, v in raw.items()
    }


def _items(directory: Path, drawings: Path, ctx: dict[str, Any]) -> dict[str, Item]:
    items: dict[str, Item] = {}
    for name in ("activities.toml", "exercises.toml"):
        for code, raw in read(directory, name).items():
            if code in items:
                raise KnowledgeError(f"{name}: {code} is defined twice")
            items[code] = parse_item(code, raw, name, ctx, drawings)
    return items


EDUCATION_CARDS = ("pain_not_damage", "flare_up", "sleep", "work")


def _education(raw: dict[str, Any], refs: dict[str, Reference]) -> dict[str, Card]:
    missing = [c for c in EDUCATION_CARDS if c not in raw]
    if missing:
        raise KnowledgeError(f"education.toml: card {missing[0]} is missing")
    cards = {}
    for code, value in raw.items():
        where = f"education.toml: {code}"
        paragraphs = value.get("paragraphs")
        if not isinstance(paragraphs, list) or not paragraphs:
            raise KnowledgeError(f"{where}.paragraphs: at least one paragraph")
        cards[code] = Card(
            code=code,
            title=text(value.get("title"), f"{where}.title"),
            paragraphs=tuple(text(p, f"{where}.paragraphs[{i}]") for i, p in enumerate(paragraphs)),
            refs=code_list(value.get("refs"), refs, f"{where}.refs"),
        )
    return cards


def load(directory: Path = KNOWLEDGE_DIR, drawings: Path = DRAWINGS_DIR) -> Knowledge:
    """Load and validate every knowledge file in ``directory``; raise ``KnowledgeError`` if broken.
    The added languages come from ``directory/translations/<lang>.toml``."""
    with translations_for(directory) as places:
        knowledge = _load(directory, drawings)
    unknown_places = sorted(
        f"translations/{lang}.toml: {key}"
        for lang, table in read_added(directory / "translations").items()
        for key in table
        if key not in places
    )
    if unknown_places:
        raise KnowledgeError(f"{unknown_places[0]} translates no text (a typo, or a text that was removed)")
    return replace(knowledge, places=places)


def _load(directory: Path, drawings: Path) -> Knowledge:
    refs = {c: Reference(c, text(v, f"references.toml: {c}")) for c, v in read(directory, "references.toml").items()}
    strategies = {
        c: Strategy(
            c,
            text(v.get("title"), f"strategies.toml: {c}.title"),
            text(v.get("explanation"), f"strategies.toml: {c}.explanation"),
        )
        for c, v in read(directory, "strategies.toml").items()
    }
    equipment = {c: text(v, f"equipment.toml: {c}") for c, v in read(directory, "equipment.toml").items()}
    texts, reasons = _texts(read(directory, "texts.toml"))
    knowledge = Knowledge(
        strategies=strategies,
        answers=_answers(read(directory, "barriers.toml"), strategies, refs),
        items=_items(directory, drawings, {"strategies": strategies, "equipment": equipment, "references": refs}),
        support=_support(read(directory, "support.toml"), strategies, refs),
        guides=_guides(read(directory, "guides.toml")),
        references=refs,
        equipment=equipment,
        texts=texts,
        reasons=reasons,
        rules=parse_rules(read(directory, "rules.toml"), refs),
        red_flags=parse_red_flags(read(directory, "red_flags.toml"), refs),
        safety=parse_safety(read(directory, "safety.toml"), refs),
        education=_education(read(directory, "education.toml"), refs),
    )
    _check_coverage(knowledge)
    unknown = knowledge.rules.older_families - {i.family for i in knowledge.items.values()}
    if unknown:
        raise KnowledgeError(f"rules.toml: older_adults.families: unknown family {sorted(unknown)[0]}")
    return knowledge


def _check_coverage(knowledge: Knowledge) -> None:
    """The promises of the issues: enough items and drawings, every barrier answered (by an item,
    or only in conversation where rules.toml says so, and always by a support prompt), and enough
    items a wheelchair user can do."""
    items = knowledge.items.values()
    if len(knowledge.items) < MIN_ITEMS:
        raise KnowledgeError(f"knowledge: {len(knowledge.items)} items, at least {MIN_ITEMS} needed")
    drawn = [i for i in items if i.kind == "exercise" and i.setting == "home" and i.drawing]
    if len(drawn) < MIN_DRAWN_HOME_EXERCISES:
        raise KnowledgeError(
            f"knowledge: {len(drawn)} drawn home exercises, at least {MIN_DRAWN_HOME_EXERCISES} needed"
        )
    conversation_only = knowledge.rules.conversation_only
    answered = {b for item in items if item.in_plan for b in item.answers}
    prompted = {t for s in knowledge.support.values() for t in s.triggers}
    for barrier in codes.BARRIERS:
        if barrier in conversation_only:
            answering = sorted(i.code for i in items if barrier in i.answers)
            if answering:
                raise KnowledgeError(f"knowledge: {answering[0]} answers {barrier}, which only conversation answers")
        elif barrier not in answered:
            raise KnowledgeError(f"knowledge: barrier {barrier} is answered by no activity or exercise")
        if barrier not in prompted:
            raise KnowledgeError(f"knowledge: barrier {barrier} is answered by no support prompt")
    cannot = knowledge.rules.mobility_cannot["wheelchair"]
    seated = [i for i in items if i.in_plan and not set(i.needs) & cannot]
    if len(seated) < MIN_WHEELCHAIR_ITEMS:
        raise KnowledgeError(
            f"knowledge: {len(seated)} items a wheelchair user can do, at least {MIN_WHEELCHAIR_ITEMS}"
        )
