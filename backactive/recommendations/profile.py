"""The input of a recommendation: validated once at the edge, then trusted by the engine.

Pure Python: no Django. ``validate_profile`` turns a decoded JSON object into a ``Profile`` or
raises ``ProfileError`` with one specific, human-readable message (the CLI prints it as is).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from backactive.core import codes

from .knowledge import Knowledge, load_knowledge

SOCIAL_PREFS = ("alone", "group", "any")
SETTING_PREFS = ("home", "outdoor", "facility", "water", "any")
REQUIRED = ("age", "pain", "active_minutes_per_week", "max_minutes_per_session", "wants_goals", "wants_reminders")
OPTIONAL = (
    "exercise_levels",
    "barriers",
    "conditions",
    "red_flags",
    "red_flags_cleared",
    "preferences",
    "location",
    "mobility",
    "floor_ok",
    "risk_group",
    "long_session_pattern",
)
MAX_WEEK_MINUTES = 7 * 24 * 60
MIN_AGE, MAX_AGE = 16, 110  # NICE NG59 covers people aged 16 and over


class ProfileError(ValueError):
    """The profile is not valid; the message names the field and the problem."""


@dataclass(frozen=True)
class Preferences:
    social: str = "any"
    settings: frozenset[str] = frozenset()  # empty = any setting
    enjoys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    age: int
    pain: float
    active_minutes_per_week: int
    max_minutes_per_session: int
    wants_goals: bool
    wants_reminders: bool
    barriers: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()
    preferences: Preferences = Preferences()
    location: tuple[float, float] | None = None
    mobility: str = "independent"
    floor_ok: bool = True
    risk_group: str | None = None
    red_flags_cleared: tuple[str, ...] = ()  # a subset of red_flags: assessed and cleared
    long_session_pattern: bool = False  # the diary shows more pain after long sessions
    exercise_levels: tuple[tuple[str, int], ...] = ()  # (exercise code, level 1-3) the patient is at

    def level_of(self, code: str) -> int:
        """The level (1 easier, 2 standard, 3 harder) this patient does exercise ``code`` at."""
        return dict(self.exercise_levels).get(code, 2)

    @property
    def open_red_flags(self) -> tuple[str, ...]:
        """The red flags that still stop the plan: recorded and not cleared by a clinician."""
        return tuple(f for f in self.red_flags if f not in self.red_flags_cleared)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _number(data: dict[str, Any], key: str, low: float, high: float, *, integer: bool = False) -> float:
    value = data[key]
    if not _is_number(value) or (integer and not float(value).is_integer()):
        kind = "a whole number" if integer else "a number"
        raise ProfileError(f"{key} must be {kind}, got {json_type(value)}")
    if not low <= value <= high:
        raise ProfileError(f"{key} must be between {low:g} and {high:g}, got {value:g}")
    return float(value)


def _code_list(data: dict[str, Any], key: str, known: dict[str, Any] | set[str], what: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProfileError(f"{key} must be a list of codes (strings), got {json_type(value)}")
    unknown = [v for v in value if v not in known]
    if unknown:
        raise ProfileError(f"{key}: unknown {what} code {unknown[0]!r}")
    return tuple(dict.fromkeys(value))  # duplicates removed, order kept


def _bool(data: dict[str, Any], key: str, default: bool | None = None) -> bool:
    if default is not None and key not in data:
        return default
    value = data[key]
    if not isinstance(value, bool):
        raise ProfileError(f"{key} must be true or false, got {json_type(value)}")
    return value


def json_type(value: Any) -> str:
    """The JSON name of a value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value!r}" if _is_number(value) else "a non-finite number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _preferences(value: Any, knowledge: Knowledge) -> Preferences:
    if value is None:
        return Preferences()
    if not isinstance(value, dict):
        raise ProfileError(f"preferences must be an object, got {json_type(value)}")
    extra = sorted(set(value) - {"social", "setting", "enjoys"})
    if extra:
        raise ProfileError(f"preferences: unknown key {extra[0]!r}")
    social = value.get("social", "any")
    social = "any" if social == "either" else social  # "either" is the social code of codes.toml
    if social not in SOCIAL_PREFS:
        raise ProfileError(f"preferences.social must be one of {', '.join(SOCIAL_PREFS)}, got {social!r}")
    setting = value.get("setting", "any")
    # A list of settings is accepted too (the assessment lets the patient tick several).
    chosen = (setting or ["any"]) if isinstance(setting, list) else [setting]
    wrong = [s for s in chosen if not isinstance(s, str) or s not in SETTING_PREFS]
    if wrong:
        raise ProfileError(f"preferences.setting must be one of {', '.join(SETTING_PREFS)}, got {wrong[0]!r}")
    enjoys = _code_list(
        {"preferences.enjoys": value.get("enjoys", [])}, "preferences.enjoys", knowledge.items, "activity"
    )
    settings = frozenset() if "any" in chosen else frozenset(chosen)
    return Preferences(social=str(social), settings=settings, enjoys=enjoys)


def _location(value: Any) -> tuple[float, float] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"lat", "lon"}:
        raise ProfileError("location must be an object with exactly lat and lon")
    lat = _number({"location.lat": value["lat"]}, "location.lat", -90, 90)
    lon = _number({"location.lon": value["lon"]}, "location.lon", -180, 180)
    return (lat, lon)


def _choice(data: dict[str, Any], key: str, allowed: dict[str, Any], default: str | None) -> str | None:
    value = data.get(key, default)
    if value is None and default is None:
        return None
    if not isinstance(value, str) or value not in allowed:
        shown = repr(value) if isinstance(value, str) else json_type(value)
        raise ProfileError(f"{key} must be one of {', '.join(allowed)}, got {shown}")
    return value


def _cleared(data: dict[str, Any], red_flags: tuple[str, ...]) -> tuple[str, ...]:
    cleared = _code_list(data, "red_flags_cleared", codes.RED_FLAGS, "red flag")
    stray = [c for c in cleared if c not in red_flags]
    if stray:
        raise ProfileError(f"red_flags_cleared: {stray[0]!r} is not in red_flags (only recorded flags can be cleared)")
    return cleared


def validate_profile(data: Any, *, knowledge: Knowledge | None = None) -> Profile:
    """Check a decoded JSON profile and return it as a ``Profile``; ``ProfileError`` if invalid.

    Required: age (16-110), pain (0-10), active_minutes_per_week (>= 0), max_minutes_per_session
    (>= 1), wants_goals, wants_reminders. Optional: barriers, conditions, red_flags (code lists),
    red_flags_cleared (a subset of red_flags), preferences {social: alone|group|any, setting:
    home|outdoor|facility|water|any or a list of them, enjoys: activity codes}, location {lat, lon},
    mobility (independent|walking_aid|wheelchair, default independent), floor_ok (default true),
    risk_group (low|medium|high or null), long_session_pattern (default false), exercise_levels
    ({exercise code: 1|2|3}, the patient's current levels; default 2). Unknown keys are
    errors, so a typo cannot silently drop a barrier; implausible combinations (pregnancy past
    the age in rules.toml) too.
    """
    knowledge = knowledge or load_knowledge()
    if not isinstance(data, dict):
        raise ProfileError(f"the profile must be a JSON object, got {json_type(data)}")
    extra = sorted(set(data) - set(REQUIRED) - set(OPTIONAL))
    if extra:
        raise ProfileError(f"unknown key {extra[0]!r}")
    missing = [k for k in REQUIRED if k not in data]
    if missing:
        raise ProfileError(f"missing key {missing[0]!r}")
    knowledge_rules = knowledge.rules
    age = int(_number(data, "age", MIN_AGE, MAX_AGE, integer=True))
    conditions = _code_list(data, "conditions", codes.CONDITIONS, "condition")
    if "pregnancy" in conditions and age > knowledge_rules.pregnancy_age_at_most:
        raise ProfileError(f"conditions: pregnancy is not plausible at age {age}")
    red_flags = _code_list(data, "red_flags", codes.RED_FLAGS, "red flag")
    return Profile(
        age=age,
        pain=_number(data, "pain", 0, 10),
        active_minutes_per_week=round(_number(data, "active_minutes_per_week", 0, MAX_WEEK_MINUTES)),
        max_minutes_per_session=int(_number(data, "max_minutes_per_session", 1, 24 * 60, integer=True)),
        wants_goals=_bool(data, "wants_goals"),
        wants_reminders=_bool(data, "wants_reminders"),
        barriers=_code_list(data, "barriers", codes.BARRIERS, "barrier"),
        conditions=conditions,
        red_flags=red_flags,
        preferences=_preferences(data.get("preferences"), knowledge),
        location=_location(data.get("location")),
        mobility=str(_choice(data, "mobility", codes.MOBILITY, "independent")),
        floor_ok=_bool(data, "floor_ok", True),
        risk_group=_choice(data, "risk_group", codes.RISK_GROUPS, None),
        red_flags_cleared=_cleared(data, red_flags),
        long_session_pattern=_bool(data, "long_session_pattern", False),
        exercise_levels=_levels(data.get("exercise_levels"), knowledge),
    )


def _levels(raw: Any, knowledge: Knowledge) -> tuple[tuple[str, int], ...]:
    """``exercise_levels``: {exercise code: 1|2|3}, the level the patient is at (default 2)."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise ProfileError(f"exercise_levels must be an object {{code: level}}, got {json_type(raw)}")
    out = []
    for code, level in sorted(raw.items()):
        item = knowledge.items.get(code)
        if item is None or item.kind != "exercise":
            raise ProfileError(f"exercise_levels: unknown exercise {code!r}")
        if level not in (1, 2, 3) or isinstance(level, bool):
            raise ProfileError(f"exercise_levels.{code}: the level must be 1, 2 or 3, got {level!r}")
        out.append((code, int(level)))
    return tuple(out)


def profile_from_assessment(
    *,
    age: int,
    pain: float,
    minutes_per_week: int,
    max_minutes_per_session: int,
    barriers: list[str] | tuple[str, ...] = (),
    conditions: list[str] | tuple[str, ...] = (),
    red_flags: list[str] | tuple[str, ...] = (),
    social: str = "any",
    settings: list[str] | tuple[str, ...] = (),
    favourites: list[str] | tuple[str, ...] = (),
    wants_goals: bool = False,
    wants_reminders: bool = False,
    location: tuple[float, float] | None = None,
    mobility: str = "independent",
    floor_ok: bool = True,
    risk_group: str | None = None,
    red_flags_cleared: list[str] | tuple[str, ...] = (),
    long_session_pattern: bool = False,
    knowledge: Knowledge | None = None,
) -> dict[str, Any]:
    """The profile JSON object (as ``backactive recommend`` reads it) from a consultation's values.

    ``social`` may be the codes.toml value ``either``; several ``settings`` are kept as a list (none
    means any); favourites the knowledge base does not know (e.g. the diary's ``other``) are left out.
    """
    known = (knowledge or load_knowledge()).items
    profile: dict[str, Any] = {
        "age": age,
        "pain": pain,
        "active_minutes_per_week": minutes_per_week,
        "barriers": list(barriers),
        "conditions": list(conditions),
        "red_flags": list(red_flags),
        "preferences": {
            "social": "any" if social == "either" else social,
            "setting": list(settings) or "any",
            "enjoys": [code for code in favourites if code in known],
        },
        "max_minutes_per_session": max_minutes_per_session,
        "wants_goals": wants_goals,
        "wants_reminders": wants_reminders,
        "mobility": mobility,
        "floor_ok": floor_ok,
        "red_flags_cleared": [c for c in red_flags_cleared if c in red_flags],
        "long_session_pattern": long_session_pattern,
    }
    if risk_group is not None:
        profile["risk_group"] = risk_group
    if location is not None:
        profile["location"] = {"lat": location[0], "lon": location[1]}
    return profile
