"""When scheduled work is due: the slots of a schedule, computed from a clock. Pure Python (no
Django), so the rules have plain unit tests; the scheduler (``scheduler.py``) does the rest.

A slot is the instant a run is due. ``latest(now)`` is the last slot at or before ``now``: the
scheduler starts that slot once (a database row per slot makes "once" hold across restarts and
several workers) and never the slots before it, so a worker that was down for a day does not
send a day's reminders twice over when it comes back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

# Interval slots are counted from here, so "every 5 minutes" falls on :00, :05, … in every worker.
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _aware(now: dt.datetime) -> dt.datetime:
    if now.tzinfo is None:
        raise ValueError("the clock must give aware datetimes")
    return now


@dataclass(frozen=True)
class Every:
    """Every ``period`` (at least a minute), on the multiples of it since ``EPOCH`` (UTC)."""

    period: dt.timedelta

    def __post_init__(self) -> None:
        if self.period < dt.timedelta(minutes=1):
            raise ValueError("a schedule's period is at least a minute")

    def latest(self, now: dt.datetime, tz: ZoneInfo) -> dt.datetime:
        return EPOCH + ((_aware(now) - EPOCH) // self.period) * self.period

    def following(self, slot: dt.datetime, tz: ZoneInfo) -> dt.datetime:
        return slot + self.period


@dataclass(frozen=True)
class DailyAt:
    """Once a day at a wall-clock time of the given time zone (the practice's local time), also
    on the days the clocks change."""

    at: dt.time

    def _on(self, day: dt.date, tz: ZoneInfo) -> dt.datetime:
        # A time that does not exist on the day the clocks go forward (02:30 in Berlin) falls an
        # hour later; one that exists twice (going back) is taken the first time.
        return dt.datetime.combine(day, self.at, tzinfo=tz).astimezone(dt.UTC)

    def latest(self, now: dt.datetime, tz: ZoneInfo) -> dt.datetime:
        today = _aware(now).astimezone(tz).date()
        slot = self._on(today, tz)
        return slot if slot <= now else self._on(today - dt.timedelta(days=1), tz)

    def following(self, slot: dt.datetime, tz: ZoneInfo) -> dt.datetime:
        return self._on(slot.astimezone(tz).date() + dt.timedelta(days=1), tz)


Timing = Every | DailyAt


def due_slot(timing: Timing, *, now: dt.datetime, tz: ZoneInfo, catch_up: dt.timedelta | None) -> dt.datetime | None:
    """The slot to start at ``now``: the latest one, unless it is more than ``catch_up`` old (then
    none: work such as an evening reminder is better skipped than sent in the night)."""
    slot = timing.latest(now, tz)
    if catch_up is not None and now - slot > catch_up:
        return None
    return slot
