"""Graded weekly targets: where the plan aims and how fast it gets there. Pure Python.

WHO 2020 recommends at least 150 minutes of moderate activity a week for adults, including
those with chronic conditions, as far as they are able. People already above it keep their level
and vary what they do. Everyone else starts near today's level (under 60 minutes a week: at most
30 minutes more) and rises by about a fifth a week, or a tenth when starting gently (pacing).
"""

from __future__ import annotations

import math

WEEKLY_TARGET = 150
LOW_LEVEL = 60  # below this, the first week adds at most FIRST_STEP_LOW minutes
FIRST_STEP_LOW = 30
FIRST_STEP_LOW_GENTLE = 20
MAX_WEEKS = 16
SESSIONS_PER_WEEK = 5


def _down5(minutes: float) -> int:
    return int(minutes // 5 * 5)


def weekly_target(current: int) -> int:
    """The weekly goal in minutes: 150, or today's level if it is already higher."""
    return max(current, WEEKLY_TARGET)


def first_week(current: int, *, gentle: bool) -> int:
    """Minutes for the first week: close to ``current`` and never above the target."""
    target = weekly_target(current)
    if current >= target:
        return current
    if current < LOW_LEVEL:
        step = FIRST_STEP_LOW_GENTLE if gentle else FIRST_STEP_LOW
    else:
        step = max(10 if gentle else 15, _down5(current * (0.1 if gentle else 0.2)))
    return max(current, min(target, _down5(current + step)))


def weeks(current: int, *, gentle: bool) -> list[int]:
    """Week-by-week minutes from the first week up to the target (at most MAX_WEEKS entries)."""
    target = weekly_target(current)
    out = [first_week(current, gentle=gentle)]
    while out[-1] < target and len(out) < MAX_WEEKS:
        last = out[-1]
        step = max(10, _down5(last * (0.1 if gentle else 0.2)))
        out.append(min(target, last + step))
    return out


def session_minutes(first: int, *, max_session: int, short_bouts: int | None) -> int:
    """Minutes per session: the first week spread over about five days, at least 10 minutes,
    never above the patient's limit (nor the short-bout limit if time is short)."""
    minutes = max(10, _down5(first / SESSIONS_PER_WEEK))
    if short_bouts is not None:
        minutes = min(minutes, short_bouts)
    return max(1, min(minutes, max_session))


def sessions_per_week(first: int, per_session: int) -> int:
    """How many sessions make up the first week (2 to 7)."""
    return min(7, max(2, math.ceil(first / per_session))) if first else 2
