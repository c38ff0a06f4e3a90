"""Read rules.toml: exclusions, start rules and thresholds, each section citing its sources."""

from __future__ import annotations

from typing import Any

from backactive.core import codes

from .model import MOVEMENTS, Rules
from .parse import KnowledgeError, code_list

_NAME = "rules.toml"


class _Sections:
    def __init__(self, raw: dict[str, Any], refs: dict[str, Any]) -> None:
        self.raw, self.refs = raw, refs

    def section(self, name: str) -> dict[str, Any]:
        value = self.raw.get(name)
        if not isinstance(value, dict):
            raise KnowledgeError(f"{_NAME}: section [{name}] is missing")
        return value

    def number(self, name: str, key: str, low: float, high: float) -> Any:
        value = self.section(name).get(key)
        if not isinstance(value, int | float) or isinstance(value, bool) or not low <= value <= high:
            raise KnowledgeError(f"{_NAME}: {name}.{key} must be a number from {low:g} to {high:g}")
        return value

    def codes(self, name: str, key: str, known: Any) -> frozenset[str]:
        return frozenset(code_list(self.section(name).get(key), known, f"{_NAME}: {name}.{key}"))

    def by_condition(self, name: str, known: Any) -> dict[str, frozenset[str]]:
        out = {}
        for condition, value in self.section(name).items():
            if condition == "refs":
                continue
            if condition not in codes.CONDITIONS:
                raise KnowledgeError(f"{_NAME}: {name}: unknown condition {condition}")
            out[condition] = frozenset(code_list(value, known, f"{_NAME}: {name}.{condition}"))
        return out

    def cited(self) -> dict[str, tuple[str, ...]]:
        out = {}
        for name, value in self.raw.items():
            where = f"{_NAME}: {name}.refs"
            refs = code_list(value.get("refs") if isinstance(value, dict) else None, self.refs, where)
            if not refs:
                raise KnowledgeError(f"{where}: every rule names its sources")
            out[name] = refs
        return out


def parse_rules(raw: dict[str, Any], refs: dict[str, Any]) -> Rules:
    s = _Sections(raw, refs)
    mobility = s.section("mobility")
    cannot = {m: frozenset(code_list(mobility.get(m), codes.NEEDS, f"{_NAME}: mobility.{m}")) for m in codes.MOBILITY}
    return Rules(
        high_impact_barriers=s.codes("high_impact_excluded_by", "barriers", codes.BARRIERS),
        high_impact_conditions=s.codes("high_impact_excluded_by", "conditions", codes.CONDITIONS),
        high_impact_active_minutes=int(s.number("high_impact_by_choice", "active_minutes_at_least", 0, 10080)),
        high_impact_max_pain=float(s.number("high_impact_by_choice", "pain_at_most", 0, 10)),
        facility_barriers=s.codes("facility_excluded_by", "barriers", codes.BARRIERS),
        mobility_cannot=cannot,
        floor_not_ok_cannot=s.codes("mobility", "floor_not_ok", codes.NEEDS),
        no_high_impact_mobility=s.codes("mobility", "no_high_impact", codes.MOBILITY),
        position_excluded_by=s.by_condition("position_excluded_by", codes.POSITIONS),
        movement_excluded_by=s.by_condition("movement_excluded_by", MOVEMENTS),
        conversation_only=s.codes("conversation_only", "barriers", codes.BARRIERS),
        always_components=tuple(sorted(s.codes("minimum_components", "always", codes.COMPONENTS))),
        older_components=tuple(sorted(s.codes("minimum_components", "older", codes.COMPONENTS))),
        older_components_age=int(s.number("minimum_components", "older_age", 16, 110)),
        gentle_barriers=s.codes("gentle_start", "barriers", codes.BARRIERS),
        gentle_pain=float(s.number("gentle_start", "pain_at_least", 0, 10)),
        gentle_long_sessions=bool(s.section("gentle_start").get("long_session_pattern", False)),
        pacing_barriers=s.codes("pacing", "barriers", codes.BARRIERS),
        pacing_minutes=int(s.number("pacing", "max_minutes", 5, 60)),
        short_bout_barriers=s.codes("short_bouts", "barriers", codes.BARRIERS),
        short_bout_minutes=int(s.number("short_bouts", "max_minutes", 5, 60)),
        older_age=int(s.number("older_adults", "age_at_least", 18, 120)),
        older_families=frozenset(str(f) for f in s.section("older_adults").get("families", [])),
        heart_conditions=s.codes("heart_caution", "conditions", codes.CONDITIONS),
        heart_intensities=s.codes("heart_caution", "intensities", codes.INTENSITIES),
        yellow_high_pain=float(s.number("yellow_flags", "high_pain_at_least", 0, 10)),
        yellow_barriers=s.codes("yellow_flags", "high_pain_barriers", codes.BARRIERS),
        pregnancy_age_at_most=int(s.number("plausibility", "pregnancy_age_at_most", 16, 110)),
        refs=s.cited(),
    )
