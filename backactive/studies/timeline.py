"""When a questionnaire is due and what state it is in. Pure Python: no Django.

A time point is an offset from the patient's start (e.g. enrolment = day 0, 6 weeks = day 42) with
a window around it. States, in the order a time point lives through them:

- ``upcoming``: its window has not opened yet;
- ``due``: the window is open and the target day has not passed;
- ``overdue``: the target day has passed but the window is still open (a reminder helps now);
- ``missing``: the window closed without an answer (what the dashboard exists to prevent);
- ``done``: answered (``days_late`` counts the days after the target day);
- ``withdrawn``: the patient left the study before the window closed (a dropout, not a gap).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

STATES = ("upcoming", "due", "overdue", "missing", "done", "withdrawn")
OPEN = frozenset({"due", "overdue"})


@dataclass(frozen=True)
class Window:
    target: dt.date
    opens: dt.date
    closes: dt.date


def window(start: dt.date, *, offset_days: int, before_days: int, after_days: int) -> Window:
    target = start + dt.timedelta(days=offset_days)
    return Window(
        target=target, opens=target - dt.timedelta(days=before_days), closes=target + dt.timedelta(days=after_days)
    )


def state(w: Window, *, today: dt.date, completed_on: dt.date | None, withdrawn_on: dt.date | None = None) -> str:
    if completed_on is not None:
        return "done"
    if withdrawn_on is not None and withdrawn_on <= w.closes:
        return "withdrawn"
    if today < w.opens:
        return "upcoming"
    if today <= w.target:
        return "due"
    if today <= w.closes:
        return "overdue"
    return "missing"


def days_late(w: Window, completed_on: dt.date) -> int:
    return max(0, (completed_on - w.target).days)


@dataclass(frozen=True)
class Row:
    """One expected questionnaire of one patient at one time point, as the dashboard counts it."""

    timepoint: str
    state: str
    days_late: int | None = None
    dropout_reason: str = ""


@dataclass
class Completeness:
    timepoint: str
    expected: int = 0  # windows closed or answered: the denominator of the completion rate
    done: int = 0
    missing: int = 0
    open: int = 0  # due or overdue now: still preventable
    upcoming: int = 0
    withdrawn: int = 0
    late: list[int] = field(default_factory=list)
    dropout_reasons: dict[str, int] = field(default_factory=dict)

    @property
    def completion_rate(self) -> float | None:
        return round(self.done / self.expected, 3) if self.expected else None

    @property
    def median_days_late(self) -> float | None:
        return statistics.median(self.late) if self.late else None


def completeness(rows: Iterable[Row], order: Iterable[str]) -> list[Completeness]:
    """Per time point (in ``order``): completion rate = done / (done + missing), the median days
    late of the answered ones, what is open now, and the dropouts with their reasons."""
    table = {name: Completeness(timepoint=name) for name in order}
    for row in rows:
        entry = table[row.timepoint]
        if row.state == "done":
            entry.done += 1
            entry.expected += 1
            entry.late.append(row.days_late or 0)
        elif row.state == "missing":
            entry.missing += 1
            entry.expected += 1
        elif row.state in OPEN:
            entry.open += 1
        elif row.state == "upcoming":
            entry.upcoming += 1
        elif row.state == "withdrawn":
            entry.withdrawn += 1
            reason = row.dropout_reason or "unknown"
            entry.dropout_reasons[reason] = entry.dropout_reasons.get(reason, 0) + 1
    return list(table.values())
