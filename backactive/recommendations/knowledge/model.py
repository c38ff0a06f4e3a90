"""The knowledge base as plain, immutable data. Pure Python: no Django.

Every text is a ``Text`` (German and English, plus the added patient languages where translated);
codes are the stable strings of the TOML files and of ``backactive.core.codes``.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KINDS = ("activity", "exercise")
IMPACTS = ("low", "moderate", "high")
FLARE_UP = ("no", "also", "only")  # "only": a rest position, never in the plan list itself
MOVEMENTS = ("end_range_flexion", "end_range_twist")
DEFAULT_TEMPO_SECONDS = 3


@dataclass(frozen=True)
class Text:
    """A text in German and English (always) and in the added languages (``added``: tr, ru, uk,
    ar, pl) where translated. A missing translation reads German, the practice's language; the
    tests fail on any for texts the patient reads (``has``)."""

    de: str
    en: str
    added: Mapping[str, str] = field(default_factory=dict)

    def get(self, lang: str) -> str:
        if lang == "en":
            return self.en
        return self.added.get(lang) or self.de

    def has(self, lang: str) -> bool:
        """True when ``lang`` has its own text (no fallback)."""
        return bool((self.de if lang == "de" else self.en if lang == "en" else self.added.get(lang, "")).strip())


@dataclass(frozen=True)
class Reference:
    code: str
    title: Text


@dataclass(frozen=True)
class Strategy:
    code: str
    title: Text
    explanation: Text


@dataclass(frozen=True)
class Answer:
    """One strategy answering one barrier, with why (one sentence) and its source."""

    barrier: str
    strategy: str
    why: Text
    ref: str


@dataclass(frozen=True)
class Dose:
    """How much of an exercise one session holds. ``reps`` and/or ``hold_seconds`` per set (a rep
    may be held); ``per_side`` doubles the work; ``rest_seconds`` lie between sets. The minutes
    an exercise takes follow from this, so the plan and the instruction cannot disagree."""

    sets: int
    reps: int | None
    hold_seconds: int | None
    rest_seconds: int | None
    per_side: bool
    tempo_seconds: int = DEFAULT_TEMPO_SECONDS  # how long one repetition's movement takes

    def seconds(self) -> int:
        # A set is its repetitions (each the movement plus any hold), or one hold without repetitions.
        per_set = self.reps * (self.tempo_seconds + (self.hold_seconds or 0)) if self.reps else self.hold_seconds or 0
        per_set *= 2 if self.per_side else 1
        return self.sets * per_set + (self.sets - 1) * (self.rest_seconds or 0)

    def minutes(self) -> int:
        """Whole minutes, rounded up, at least one."""
        return max(1, math.ceil(self.seconds() / 60))

    def as_dict(self) -> dict[str, Any]:
        """The contract's ``dose`` object: all five keys, unused ones null."""
        return {
            "sets": self.sets,
            "reps": self.reps,
            "hold_seconds": self.hold_seconds,
            "rest_seconds": self.rest_seconds,
            "per_side": self.per_side,
        }


@dataclass(frozen=True)
class Level:
    """One of an exercise's three levels (1 easier, 2 standard, 3 harder): its dose and the
    instructions for that variant (level 2 is the item's own dose and instructions)."""

    level: int
    dose: Dose
    instructions: Text


@dataclass(frozen=True)
class Item:
    """An activity or home exercise the engine may suggest."""

    code: str
    kind: str
    family: str
    priority: int  # clinical base order: lower ranks first among otherwise equal items
    min_minutes: int
    max_minutes: int
    impact: str
    intensity: str  # light | moderate | vigorous (codes.INTENSITIES)
    setting: str
    social: str
    components: tuple[str, ...]  # in the order of codes.COMPONENTS
    needs: tuple[str, ...]  # in the order of codes.NEEDS
    position: str | None  # codes.POSITIONS; exercises always have one
    movements: frozenset[str]
    flare_up: str  # FLARE_UP
    dose: Dose | None  # exercises only
    equipment: tuple[str, ...]
    suits: frozenset[str]
    excluded_by: frozenset[str]
    answers: tuple[str, ...]
    strategies: tuple[str, ...]
    sources: tuple[str, ...]
    reviewed: datetime.date
    title: Text
    why: Text
    instructions: Text
    drawing: Path | None = None
    levels: tuple[Level, ...] = ()  # exercises: levels 1, 2, 3

    def level(self, number: int) -> Level:
        """Level ``number`` (1-3) of an exercise; ``KeyError`` for an activity or another number."""
        for found in self.levels:
            if found.level == number:
                return found
        raise KeyError(number)

    @property
    def needs_facility(self) -> bool:
        return "facility" in self.needs

    @property
    def in_plan(self) -> bool:
        """False for rest positions, which belong to the flare-up plan only."""
        return self.flare_up != "only"


@dataclass(frozen=True)
class Support:
    """A conversation prompt or tip, shown when one of its triggers (barrier codes or signals
    such as ``long_session_pattern``) applies."""

    code: str
    triggers: tuple[str, ...]
    strategies: tuple[str, ...]
    ref: str
    title: Text
    why: Text


@dataclass(frozen=True)
class RedFlag:
    """How urgent a red flag is, what the clinician does, and what the patient watches for once
    it is assessed and cleared."""

    code: str
    urgency: str  # codes.URGENCIES: emergency | urgent | soon
    action: Text
    watch: Text
    ref: str


@dataclass(frozen=True)
class SafetyText:
    code: str
    ref: str
    text: Text


@dataclass(frozen=True)
class Safety:
    """Texts of safety.toml, each group in file order (the output order)."""

    safety_net: dict[str, SafetyText]
    review: dict[str, SafetyText]  # by urgency
    cautions: dict[str, SafetyText]
    considerations: dict[str, SafetyText]
    flare_up: SafetyText


@dataclass(frozen=True)
class GuideStep:
    heading: Text
    text: Text
    reassurance: bool = False  # hidden while a red flag is open


@dataclass(frozen=True)
class Rules:
    """Exclusions, start rules and thresholds from rules.toml (each section cites its sources)."""

    high_impact_barriers: frozenset[str]
    high_impact_conditions: frozenset[str]
    high_impact_active_minutes: int
    high_impact_max_pain: float
    facility_barriers: frozenset[str]
    mobility_cannot: dict[str, frozenset[str]]  # mobility code -> needs it cannot meet
    floor_not_ok_cannot: frozenset[str]
    no_high_impact_mobility: frozenset[str]
    position_excluded_by: dict[str, frozenset[str]]  # condition -> positions
    movement_excluded_by: dict[str, frozenset[str]]  # condition -> movements
    conversation_only: frozenset[str]
    always_components: tuple[str, ...]
    older_components: tuple[str, ...]
    older_components_age: int
    gentle_barriers: frozenset[str]
    gentle_pain: float
    gentle_long_sessions: bool
    pacing_barriers: frozenset[str]
    pacing_minutes: int
    short_bout_barriers: frozenset[str]
    short_bout_minutes: int
    older_age: int
    older_families: frozenset[str]
    heart_conditions: frozenset[str]
    heart_intensities: frozenset[str]
    yellow_high_pain: float
    yellow_barriers: frozenset[str]
    pregnancy_age_at_most: int
    refs: dict[str, tuple[str, ...]]  # section -> reference codes


@dataclass(frozen=True)
class Card:
    """A patient education card: a heading, short paragraphs in plain words, its sources."""

    code: str
    title: Text
    paragraphs: tuple[Text, ...]
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Knowledge:
    strategies: dict[str, Strategy]
    answers: dict[str, tuple[Answer, ...]]  # barrier code -> its answers
    items: dict[str, Item]
    support: dict[str, Support]
    guides: dict[int, tuple[GuideStep, ...]]  # 1 and 5 (minutes)
    references: dict[str, Reference]
    equipment: dict[str, Text]
    texts: dict[str, Text]  # "why.favourite", "goals.build", ...
    reasons: dict[str, Text]  # barrier code -> the patient-voice reason
    rules: Rules
    red_flags: dict[str, RedFlag]
    safety: Safety
    education: dict[str, Card]  # education.toml, in file order
    # Every text by its place ("activities.walking.title", "texts.why.favourite", ...): the key
    # the added languages' files use, and what the translation check walks.
    places: dict[str, Text] = field(default_factory=dict)

    def text(self, key: str, lang: str) -> str:
        return self.texts[key].get(lang)
