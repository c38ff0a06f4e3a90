"""What activity goes together with in the patient's own diary: the numbers (pure, no Django).

From daily pain values and activity minutes:

- **next day**: pain the day after an *active* day (at least ``threshold_minutes`` of activity)
  minus pain the day after a *rest* day, adjusted for the pain of the day itself. People move
  more on good days and pain is autocorrelated, so the plain difference would show a benefit
  that is not there; the estimate is the activity coefficient of a least-squares regression of
  tomorrow's pain on today's activity (active or not), today's pain and the week (a slow trend
  of both, as when activity grows over a plan while pain eases, is not an effect either).
- **same day**: mean pain on active days minus on rest days; descriptive only (on the same day,
  pain also decides how much people move).
- **trend**: the change per week of daily pain and of weekly activity minutes.
- **long sessions**: next-day pain after sessions clearly longer than the patient's usual,
  compared with usual-length active days (same adjustment): the pacing pattern.

Every interval is a 90 % circular block bootstrap with a fixed seed (``bootstrap.py``).
Difference = "after active minus after rest": negative means less pain after activity.
The method is described for clinicians in ``docs/effects.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np

from . import bootstrap
from .bootstrap import FloatArray

DEFAULT_THRESHOLD_MINUTES = 20
MIN_PAIN_DAYS = 14
MIN_PAIRS_EACH = 5  # active and rest days, counted as next-day pairs
LONG_FACTOR = 1.5  # a session is "long" above 1.5 times the patient's usual active day
MIN_LONG_PAIRS = 5
MIN_TREND_SPAN_DAYS = 21


@dataclass(frozen=True)
class Days:
    """The diary as one value per calendar day from its first to its last entry."""

    start: dt.date
    pain: FloatArray  # mean of the day's pain entries; NaN on a day without one
    minutes: FloatArray  # the day's total activity minutes; 0 on a day without an entry


@dataclass(frozen=True)
class Difference:
    difference: float
    low: float
    high: float

    @property
    def clear(self) -> bool:
        """True only when the whole interval lies on one side of "no difference"."""
        return self.high < 0 or self.low > 0

    @property
    def lower_after_activity(self) -> bool:
        return self.high < 0

    @property
    def higher_after_activity(self) -> bool:
        return self.low > 0


@dataclass(frozen=True)
class Trend:
    activity_slope_per_week: float  # change of weekly activity minutes per week
    pain_slope_per_week: float  # change of daily pain (0-10) per week
    pain_slope_low: float
    pain_slope_high: float


@dataclass(frozen=True)
class LongSessions:
    usual_minutes: float  # median of the active days' totals
    long_over_minutes: float  # a day above this is a long session
    pairs: int  # long sessions followed by a day with a pain entry
    difference: float | None = None  # next-day pain after long minus after usual active days
    low: float | None = None
    high: float | None = None

    @property
    def pattern(self) -> bool:
        return self.low is not None and self.low > 0


@dataclass(frozen=True)
class Effects:
    threshold_minutes: int
    pain_days: int
    active_pairs: int
    rest_pairs: int
    next_day: Difference | None = None
    same_day: Difference | None = None
    trend: Trend | None = None
    long_sessions: LongSessions | None = None
    # For the dot plot: next-day pain after active and after rest days (the values, unadjusted).
    after_active: tuple[float, ...] = field(default=())
    after_rest: tuple[float, ...] = field(default=())

    @property
    def still_needed(self) -> dict[str, int]:
        return {
            "pain": max(0, MIN_PAIN_DAYS - self.pain_days),
            "active": max(0, MIN_PAIRS_EACH - self.active_pairs),
            "rest": max(0, MIN_PAIRS_EACH - self.rest_pairs),
        }

    @property
    def enough_data(self) -> bool:
        return not any(self.still_needed.values())

    @property
    def long_session_pattern(self) -> bool:
        return self.long_sessions is not None and self.long_sessions.pattern

    @property
    def pacing_advised(self) -> bool:
        """Long sessions were followed by more pain, or active days were: both are answered with
        pacing (shorter, more frequent sessions), never with "move less"."""
        harmful = self.next_day is not None and self.next_day.higher_after_activity
        return self.long_session_pattern or harmful

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict from which ``from_dict`` rebuilds the same result (for storage)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Effects:
        parts: dict[str, Any] = dict(data)
        for key, kind in (("next_day", Difference), ("same_day", Difference), ("trend", Trend),
                          ("long_sessions", LongSessions)):
            parts[key] = kind(**parts[key]) if parts.get(key) else None
        parts["after_active"] = tuple(parts.get("after_active", ()))
        parts["after_rest"] = tuple(parts.get("after_rest", ()))
        return cls(**parts)


def daily(pain: Iterable[tuple[dt.date, float]], activity: Iterable[tuple[dt.date, float]]) -> Days | None:
    """Several pain entries on one day are averaged, several activity entries summed; a day
    without an activity entry counts 0 minutes. None for an empty diary."""
    pain, activity = list(pain), list(activity)
    dates = [d for d, _ in pain] + [d for d, _ in activity]
    if not dates:
        return None
    start = min(dates)
    n = (max(dates) - start).days + 1
    total, count, minutes = np.zeros(n), np.zeros(n), np.zeros(n)
    for day, value in pain:
        total[(day - start).days] += value
        count[(day - start).days] += 1
    for day, value in activity:
        minutes[(day - start).days] += value
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / np.maximum(count, 1), np.nan)
    return Days(start=start, pain=mean, minutes=minutes)


def _one(value: float) -> float:
    return round(float(value), 1) + 0.0  # + 0.0 turns -0.0 into 0.0


def _difference(s: bootstrap.Sums, columns: list[int], target: int) -> Difference | None:
    found = bootstrap.coefficient(s, columns, target)
    if found is None:
        return None
    estimate, low, high = found
    return Difference(difference=_one(estimate), low=_one(low), high=_one(high))


def _trend(days: Days, where: np.ndarray, s: bootstrap.Sums | None) -> Trend | None:
    if s is None or len(where) < MIN_PAIN_DAYS or where[-1] - where[0] + 1 < MIN_TREND_SPAN_DAYS:
        return None
    found = bootstrap.coefficient(s, [0, 2], 2)
    if found is None:
        return None
    slope, low, high = found
    all_weeks = np.arange(len(days.minutes)) / 7.0
    return Trend(
        # daily minutes per week -> weekly minutes per week
        activity_slope_per_week=round(bootstrap.slope(all_weeks, days.minutes) * 7, 1) + 0.0,
        pain_slope_per_week=round(slope, 2) + 0.0,
        pain_slope_low=round(low, 2) + 0.0,
        pain_slope_high=round(high, 2) + 0.0,
    )


def analyse(days: Days | None, *, threshold_minutes: int = DEFAULT_THRESHOLD_MINUTES) -> Effects:
    """The whole analysis of one diary (see the module docstring)."""
    if days is None:
        return Effects(threshold_minutes=threshold_minutes, pain_days=0, active_pairs=0, rest_pairs=0)
    seen = np.isfinite(days.pain)
    active = days.minutes >= threshold_minutes
    # A next-day pair: a day with a pain entry followed by a day with one (both are needed for
    # the adjustment for today's pain).
    pairs = np.flatnonzero(seen[:-1] & seen[1:])
    a = active[pairs]
    tomorrow = days.pain[pairs + 1]
    where = np.flatnonzero(seen)
    on_pain_days = active[where]
    # One pass of sums over the pain days serves the same-day difference and the trend.
    day_sums = None
    if len(where) >= MIN_PAIN_DAYS:
        design = np.column_stack([np.ones(len(where)), on_pain_days, where / 7.0])
        day_sums = bootstrap.sums(design, days.pain[where])
    found = Effects(
        threshold_minutes=threshold_minutes,
        pain_days=len(where),
        active_pairs=int(a.sum()),
        rest_pairs=int(len(a) - a.sum()),
        trend=_trend(days, where, day_sums),
        after_active=tuple(np.round(tomorrow[a], 1).tolist()),
        after_rest=tuple(np.round(tomorrow[~a], 1).tolist()),
    )
    if not found.enough_data or day_sums is None:
        return found
    usual = float(np.median(days.minutes[active]))
    over = max(LONG_FACTOR * usual, float(threshold_minutes))
    long_pairs = (days.minutes > over)[pairs]
    # One pass of sums over the pairs serves the next-day difference and the long sessions:
    # tomorrow's pain on 1, active today, today's pain, long session today, and the week (a slow
    # trend, e.g. more activity and less pain as a plan takes hold, would otherwise pass for an
    # effect of activity).
    design = np.column_stack([np.ones(len(pairs)), a, days.pain[pairs], long_pairs, pairs / 7.0])
    pair_sums = bootstrap.sums(design, tomorrow)
    same_day = None
    if on_pain_days.sum() >= MIN_PAIRS_EACH and (~on_pain_days).sum() >= MIN_PAIRS_EACH:
        same_day = _difference(day_sums, [0, 1], 1)
    long_sessions = LongSessions(usual_minutes=round(usual, 1), long_over_minutes=round(over, 1),
                                 pairs=int(long_pairs.sum()))
    if long_pairs.sum() >= MIN_LONG_PAIRS and (a & ~long_pairs).sum() >= MIN_LONG_PAIRS:
        extra = _difference(pair_sums, [0, 1, 2, 3, 4], 3)
        if extra is not None:
            long_sessions = replace(long_sessions, difference=extra.difference, low=extra.low, high=extra.high)
    return replace(found, next_day=_difference(pair_sums, [0, 1, 2, 4], 1), same_day=same_day,
                   long_sessions=long_sessions)
