"""The result as one JSON object: the contract of ``backactive effects`` (pure, no Django).

    enough_data            bool
    missing                text, null when there is enough data
    days                   {"pain", "active", "rest"}: days with a pain entry; active and rest
                           days followed by a day with a pain entry (next-day pairs)
    next_day, same_day     {"difference", "interval": [low, high], "level": 0.9} or null;
                           difference = pain after (next_day) / on (same_day) active days minus
                           rest days, negative = less pain with activity; next_day is adjusted
                           for the day's own pain
    trend                  {"activity_slope_per_week", "pain_slope_per_week",
                           "pain_slope_interval"} or null
    long_session_pattern   bool
    statement              text for the patient
    statement_gp           text for the GP
"""

from __future__ import annotations

from typing import Any

from .analysis import Difference, Effects
from .bootstrap import LEVEL
from .words import statements

KEYS = (
    "enough_data",
    "missing",
    "days",
    "next_day",
    "same_day",
    "trend",
    "long_session_pattern",
    "statement",
    "statement_gp",
)


def _difference(d: Difference | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {"difference": d.difference, "interval": [d.low, d.high], "level": LEVEL}


def report(effects: Effects, *, lang: str) -> dict[str, Any]:
    words = statements(effects, lang)
    trend = effects.trend
    return {
        "enough_data": effects.enough_data,
        "missing": words.missing,
        "days": {"pain": effects.pain_days, "active": effects.active_pairs, "rest": effects.rest_pairs},
        "next_day": _difference(effects.next_day),
        "same_day": _difference(effects.same_day),
        "trend": None if trend is None else {
            "activity_slope_per_week": trend.activity_slope_per_week,
            "pain_slope_per_week": trend.pain_slope_per_week,
            "pain_slope_interval": [trend.pain_slope_low, trend.pain_slope_high],
        },
        "long_session_pattern": effects.long_session_pattern,
        "statement": words.patient,
        "statement_gp": words.gp,
    }
