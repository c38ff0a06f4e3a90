"""Validate a diary given as JSON (``backactive effects DIARY.json``), pure Python.

    {"pain": [{"date": "2025-03-01", "value": 4}],
     "activity": [{"date": "2025-03-01", "minutes": 30, "intensity": "moderate"}]}

``parse_diary`` returns the entries as (date, value) pairs or raises ``DiaryError`` with one
message naming the entry and the problem (the command prints it and exits with status 2).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from backactive.core import codes

MAX_MINUTES_PER_DAY = 24 * 60
PAIN_KEYS = {"date", "value"}
ACTIVITY_KEYS = {"date", "minutes", "intensity"}


class DiaryError(ValueError):
    """The diary is not valid; the message names the entry and the problem."""


@dataclass(frozen=True)
class Diary:
    pain: list[tuple[dt.date, float]]
    activity: list[tuple[dt.date, float]]


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {value!r}"
    return "a list" if isinstance(value, list) else "an object" if isinstance(value, dict) else type(value).__name__


def _number(where: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise DiaryError(f"{where} must be a number, got {_kind(value)}")
    return float(value)


def _date(where: str, value: Any, today: dt.date) -> dt.date:
    if not isinstance(value, str):
        raise DiaryError(f"{where} must be a date as text (YYYY-MM-DD), got {_kind(value)}")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise DiaryError(f"{where} is not a valid date (YYYY-MM-DD): {value!r}") from None
    if len(value) != 10:  # fromisoformat also takes "20250301"; the contract is YYYY-MM-DD
        raise DiaryError(f"{where} is not a valid date (YYYY-MM-DD): {value!r}")
    if day > today:
        raise DiaryError(f"{where} {value} is in the future (today is {today.isoformat()})")
    return day


def _entries(data: dict[str, Any], key: str, allowed: set[str]) -> list[tuple[str, dict[str, Any]]]:
    if key not in data:
        raise DiaryError(f"the diary needs a list {key!r} (use [] for none)")
    items = data[key]
    if not isinstance(items, list):
        raise DiaryError(f"{key} must be a list, got {_kind(items)}")
    out = []
    for i, item in enumerate(items):
        where = f"{key}[{i}]"
        if not isinstance(item, dict):
            raise DiaryError(f"{where} must be an object, got {_kind(item)}")
        extra = sorted(set(item) - allowed)
        if extra:
            raise DiaryError(f"{where}: unknown key {extra[0]!r}")
        out.append((where, item))
    return out


def _require(where: str, item: dict[str, Any], key: str) -> Any:
    if key not in item:
        raise DiaryError(f"{where}: {key!r} is missing")
    return item[key]


def parse_diary(data: Any, *, today: dt.date) -> Diary:
    """Check a decoded JSON diary; dates after ``today`` are refused."""
    if not isinstance(data, dict):
        raise DiaryError(f"the diary must be a JSON object, got {_kind(data)}")
    extra = sorted(set(data) - {"pain", "activity"})
    if extra:
        raise DiaryError(f"unknown key {extra[0]!r} (expected 'pain' and 'activity')")
    pain = []
    for where, item in _entries(data, "pain", PAIN_KEYS):
        day = _date(f"{where}.date", _require(where, item, "date"), today)
        value = _number(f"{where}.value", _require(where, item, "value"))
        if not 0 <= value <= 10:
            raise DiaryError(f"{where}.value must be between 0 and 10, got {value:g}")
        pain.append((day, value))
    activity = []
    per_day: dict[dt.date, float] = defaultdict(float)
    for where, item in _entries(data, "activity", ACTIVITY_KEYS):
        day = _date(f"{where}.date", _require(where, item, "date"), today)
        minutes = _number(f"{where}.minutes", _require(where, item, "minutes"))
        if minutes < 0:
            raise DiaryError(f"{where}.minutes must not be negative, got {minutes:g}")
        intensity = item.get("intensity", "moderate")
        if not isinstance(intensity, str) or intensity not in codes.INTENSITIES:
            known = ", ".join(codes.INTENSITIES)
            raise DiaryError(f"{where}.intensity must be one of {known}, got {_kind(intensity)}")
        per_day[day] += minutes
        if per_day[day] > MAX_MINUTES_PER_DAY:
            raise DiaryError(f"{where}: more than 24 hours of activity on {day.isoformat()}")
        activity.append((day, minutes))
    return Diary(pain=pain, activity=activity)
