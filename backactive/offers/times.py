"""Weekly times of an offer ("Mo 18:00-19:00; Do 09:30-10:30") and the weekday/time-of-day
slots used to filter them in the database. Pure Python.

Stored form: a list of ``{"weekday": 0..6 (Monday=0), "start": "HH:MM", "end": "HH:MM"}``.
Slots: one bit per (weekday, part of day) in an integer, so that "Tuesday evening" is a bitwise
AND the database answers without reading the JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from typing import Final

DAY_PARTS: Final = ("morning", "afternoon", "evening")
# Start time decides the part of day: before 12:00 morning, before 17:00 afternoon, else evening.
_PART_STARTS: Final = (time(12, 0), time(17, 0))

_DAY_NAMES: Final = {
    0: ("mo", "mon", "montag", "monday"),
    1: ("di", "tu", "tue", "dienstag", "tuesday"),
    2: ("mi", "we", "wed", "mittwoch", "wednesday"),
    3: ("do", "th", "thu", "donnerstag", "thursday"),
    4: ("fr", "fri", "freitag", "friday"),
    5: ("sa", "sat", "samstag", "saturday"),
    6: ("so", "su", "sun", "sonntag", "sunday"),
}
_DAY_LOOKUP: Final = {name: day for day, names in _DAY_NAMES.items() for name in names}
DAY_ABBR_DE: Final = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
_TIME_RANGE = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*[-–]\s*(\d{1,2})(?:[:.](\d{2}))?(?:\s*uhr)?$", re.I)


@dataclass(frozen=True, order=True)
class WeeklyTime:
    weekday: int
    start: time
    end: time

    def as_json(self) -> dict[str, int | str]:
        return {"weekday": self.weekday, "start": self.start.strftime("%H:%M"), "end": self.end.strftime("%H:%M")}

    @classmethod
    def from_json(cls, data: dict[str, int | str]) -> WeeklyTime:
        return cls(
            weekday=int(data["weekday"]),
            start=time.fromisoformat(str(data["start"])),
            end=time.fromisoformat(str(data["end"])),
        )

    @property
    def day_part(self) -> str:
        return day_part(self.start)


def day_part(t: time) -> str:
    if t < _PART_STARTS[0]:
        return DAY_PARTS[0]
    return DAY_PARTS[1] if t < _PART_STARTS[1] else DAY_PARTS[2]


def weekday_from_name(name: str) -> int | None:
    """0 (Monday) to 6 for "Mo", "Montag", "Mon", "monday"...; None if it is no weekday."""
    return _DAY_LOOKUP.get(name.strip().rstrip(".").lower())


def _day(token: str) -> int:
    day = weekday_from_name(token)
    if day is None:
        raise ValueError(f"unknown weekday '{token.strip()}' (use Mo, Di, Mi, Do, Fr, Sa, So)")
    return day


def _days(spec: str) -> list[int]:
    days: list[int] = []
    for part in spec.split(","):
        if "-" in part:
            first, last = (_day(p) for p in part.split("-", 1))
            if last < first:
                raise ValueError(f"weekday range '{part.strip()}' runs backwards")
            days.extend(range(first, last + 1))
        elif part.strip():
            days.append(_day(part))
    if not days:
        raise ValueError("a weekday is missing")
    return days


def _clock(hours: str, minutes: str | None) -> time:
    h, m = int(hours), int(minutes or 0)
    if h > 23 or m > 59:
        raise ValueError(f"'{hours}:{minutes or '00'}' is not a time of day")
    return time(h, m)


def parse_times(text: str) -> list[WeeklyTime]:
    """Parse "Mo 18:00-19:00; Di, Do 9-10; Mo-Fr 07.30-08.00" into weekly times.

    Entries are separated by ";" or a line break. Raises ValueError with a message a practice
    assistant can act on.
    """
    out: set[WeeklyTime] = set()
    for entry in re.split(r"[;\n]", text):
        entry = entry.strip()
        if not entry:
            continue
        match = re.match(r"^(.*?)\s+(\d{1,2}(?:[:.]\d{2})?\s*[-–]\s*\d{1,2}(?:[:.]\d{2})?(?:\s*uhr)?)$", entry, re.I)
        if not match:
            raise ValueError(f"'{entry}' is not like 'Mo 18:00-19:00'")
        days = _days(match.group(1))
        clock = _TIME_RANGE.match(match.group(2).strip())
        if clock is None:  # pragma: no cover - the outer pattern already guarantees the shape
            raise ValueError(f"'{entry}' has no time range")
        start, end = _clock(clock.group(1), clock.group(2)), _clock(clock.group(3), clock.group(4))
        if end <= start:
            raise ValueError(f"'{entry}': the end is not after the start")
        out.update(WeeklyTime(day, start, end) for day in days)
    return sorted(out)


def format_times(times: list[WeeklyTime]) -> str:
    return "; ".join(
        f"{DAY_ABBR_DE[t.weekday]} {t.start.strftime('%H:%M')}-{t.end.strftime('%H:%M')}" for t in sorted(times)
    )


def slot_bit(weekday: int, part: str) -> int:
    return 1 << (weekday * len(DAY_PARTS) + DAY_PARTS.index(part))


def slots_mask(times: list[WeeklyTime]) -> int:
    """The slots an offer takes place in."""
    mask = 0
    for t in times:
        mask |= slot_bit(t.weekday, t.day_part)
    return mask


def query_mask(weekday: int | None, part: str | None) -> int:
    """The slots that satisfy a search for ``weekday`` and/or ``part`` (0 = no time filter)."""
    if weekday is None and part is None:
        return 0
    if weekday is not None and not 0 <= weekday <= 6:
        raise ValueError("weekday must be 0 (Monday) to 6 (Sunday)")
    if part is not None and part not in DAY_PARTS:
        raise ValueError(f"time of day must be one of {', '.join(DAY_PARTS)}")
    days = range(7) if weekday is None else (weekday,)
    parts = DAY_PARTS if part is None else (part,)
    mask = 0
    for day in days:
        for p in parts:
            mask |= slot_bit(day, p)
    return mask
