"""When reminders are due, and which days they fall on. Pure Python (no Django), so the rules
have plain unit tests and the e-mail job only does the sending."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# After this many days without an entry a gentle nudge has turned into a break: the note then
# invites a fresh, small start instead of reminding of the plan.
RESTART_MIN_DAYS = 14

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def spread_days(count: int) -> list[int]:
    """``count`` weekdays (0 = Monday) spread evenly over the week, so that 3 becomes Monday,
    Wednesday, Friday rather than three days in a row. 0 or less gives none, 7 or more all."""
    count = max(0, min(count, 7))
    return sorted({i * 7 // count for i in range(count)}) if count else []


def clean_weekdays(values: list[int] | list[str]) -> list[int]:
    """Sorted distinct weekdays 0–6; anything else raises ValueError."""
    days = sorted({int(v) for v in values})
    if any(d < 0 or d > 6 for d in days):
        raise ValueError("weekday out of range")
    return days


def next_on_or_after(day: dt.date, weekdays: list[int]) -> dt.date:
    """The first date on or after ``day`` that falls on one of ``weekdays`` (non-empty)."""
    for offset in range(7):
        candidate = day + dt.timedelta(days=offset)
        if candidate.weekday() in weekdays:
            return candidate
    raise ValueError("no weekdays given")


@dataclass(frozen=True)
class Due:
    kind: str  # "nudge" or "restart"
    gap_start: dt.date  # identifies the silence this message is about
    days: int  # days without an entry


def due_reminder(
    *, last_entry: dt.date | None, enabled_on: dt.date, after_days: int, today: dt.date, sent: set[tuple[str, dt.date]]
) -> Due | None:
    """The message due today, if any.

    The silence starts at the last entry, or at the day reminders were switched on when that is
    later (nobody is nudged about the time before they asked for reminders). A nudge is due after
    ``after_days`` days, a restart note after max(14, 2 × after_days) days; each at most once per
    silence (``sent`` holds (kind, gap_start) pairs already sent). When both are due only the
    restart note is sent: one e-mail is enough."""
    start = max(last_entry, enabled_on) if last_entry else enabled_on
    days = (today - start).days
    restart_after = max(RESTART_MIN_DAYS, 2 * after_days)
    if days >= restart_after and ("restart", start) not in sent:
        return Due("restart", start, days)
    if after_days <= days < restart_after and ("nudge", start) not in sent:
        return Due("nudge", start, days)
    return None
