"""The knowledge base as plain, immutable data. Pure Python: no Django.

Every text is a ``Text`` (German and English); codes are the stable strings of the TOML files
and of ``backactive.core.codes``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

KINDS = ("activity", "exercise")
IMPACTS = ("low", "moderate", "high")


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
class Item:
    """An activity or home exercise the engine may suggest."""

    code: str
    kind: str
    family: str
    min_minutes: int
    max_minutes: int
    impact: str
    setting: str
    social: str
    needs_facility: bool
    equipment: tuple[str, ...]
    suits: frozenset[str]
    excluded_by: frozenset[str]
    answers: tuple[str, ...]
    strategies: tuple[str, ...]
    title: Text
    why: Text
    instructions: Text
    drawing: Path | None = None


@dataclass(frozen=True)
class Support:
    """A conversation prompt or tip, shown when one of its trigger barriers is ticked."""

    code: str
    triggers: tuple[str, ...]
    strategies: tuple[str, ...]
    title: Text
    why: Text


@dataclass(frozen=True)
class GuideStep:
    heading: Text
    text: Text


@dataclass(frozen=True)
class Rules:
    """Exclusions and start rules from rules.toml."""

    high_impact_barriers: frozenset[str]
    high_impact_conditions: frozenset[str]
    facility_barriers: frozenset[str]
    gentle_barriers: frozenset[str]
    gentle_pain: float
    short_bout_barriers: frozenset[str]
    short_bout_minutes: int
    older_age: int
    older_families: frozenset[str]


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
    rules: Rules

    def text(self, key: str, lang: str) -> str:
        return self.texts[key].get(lang)
