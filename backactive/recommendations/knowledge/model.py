"""The knowledge base as plain, immutable data. Pure Python: no Django.

Every text is a ``Text`` (German and English); codes are the stable strings of the TOML files
and of ``backactive.core.codes``.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KINDS = ("activity", "exercise")
IMPACTS = ("low", "moderate", "high")
FLARE_UP = ("no", "also", "only")  # "only": a rest position, never in the plan list itself
MOVEMENTS = ("end_range_flexion", "end_range_twist")
DEFAULT_TEMPO_SECONDS = 3


@dataclass(frozen=True)
class Text:
    de: str
    en: str

    def get(self, lang: str) -> str:
        return self.de if lang == "de" else self.en


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

    def text(self, key: str, lang: str) -> str:
        return self.texts[key].get(lang)
