"""Which OpenStreetMap features become offers: the rules in ``data/osm_tags.toml``. Pure Python."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_RULES_FILE = Path(__file__).with_name("data") / "osm_tags.toml"
_CLOSED_ACCESS = frozenset({"private", "no"})


@dataclass(frozen=True)
class Rule:
    match: dict[str, tuple[str, ...]]
    kind: str
    setting: str
    activities: tuple[str, ...] = ()
    default_activities: tuple[str, ...] = ()
    sport: str = ""  # "", "optional" or "required"
    types: tuple[str, ...] = ("n", "w", "r")
    participation: str = ""

    def fits(self, tags: Mapping[str, str], osm_type: str) -> bool:
        return osm_type in self.types and all(tags.get(k) in values for k, values in self.match.items())


@dataclass(frozen=True)
class Mapped:
    """A feature the rules turn into an offer."""

    kind: str
    setting: str
    activities: tuple[str, ...]
    participation: str


@dataclass(frozen=True)
class Rejected:
    """A feature a rule looked at but cannot use; ``reason`` says why."""

    reason: str


@dataclass(frozen=True)
class Rules:
    rules: tuple[Rule, ...]
    sport: dict[str, tuple[str, ...]]

    def values_by_key(self) -> dict[str, frozenset[str]]:
        """For each tag key of a rule's first condition, the values that can match: a feature
        without any of these pairs fits no rule, a cheap pre-filter for the import."""
        out: dict[str, set[str]] = {}
        for rule in self.rules:
            key, values = next(iter(rule.match.items()))
            out.setdefault(key, set()).update(values)
        return {k: frozenset(v) for k, v in out.items()}

    def apply(self, tags: Mapping[str, str], osm_type: str) -> Mapped | Rejected | None:
        rule = next((r for r in self.rules if r.fits(tags, osm_type)), None)
        if rule is None:
            return None
        if tags.get("access") in _CLOSED_ACCESS:
            return Rejected(f"not open to the public (access={tags['access']})")
        sport_codes: list[str] = []
        sports = [s.strip() for s in tags.get("sport", "").split(";") if s.strip()]
        for s in sports:
            sport_codes.extend(self.sport.get(s, ()))
        if rule.sport == "required" and not sport_codes:
            if not sports:
                return Rejected("no sport=* tag, so no activity is known")
            return Rejected(f"sport={tags['sport']} matches no activity code")
        activities = list(rule.activities)
        if rule.sport:
            activities.extend(sport_codes)
        if not activities:
            activities.extend(rule.default_activities)
        return Mapped(
            kind=rule.kind,
            setting=rule.setting,
            activities=tuple(dict.fromkeys(activities)),
            participation=rule.participation,
        )


def _values(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def parse_rules(text: str) -> Rules:
    raw = tomllib.loads(text)
    rules = []
    for spec in raw.get("rule", []):
        if spec.get("sport", "") not in ("", "optional", "required"):
            raise ValueError(f"osm rule {spec['match']}: sport must be optional or required")
        rules.append(
            Rule(
                match={k: _values(v) for k, v in spec["match"].items()},
                kind=spec["kind"],
                setting=spec["setting"],
                activities=tuple(spec.get("activities", ())),
                default_activities=tuple(spec.get("default_activities", ())),
                sport=spec.get("sport", ""),
                types=tuple(spec.get("types", ("n", "w", "r"))),
                participation=spec.get("participation", ""),
            )
        )
    sport = {k: tuple(v) for k, v in raw.get("sport", {}).items()}
    return Rules(rules=tuple(rules), sport=sport)


@cache
def default_rules() -> Rules:
    return parse_rules(_RULES_FILE.read_text(encoding="utf-8"))
