"""Weekly pain and activity series and the "what changed" comparison. Pure Python (no Django),
so the GP screen, the patient pages and the printed handout compute the same figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

# A comparison needs at least this much on each side to say anything honest.
MIN_DAYS_SINCE = 7
MIN_PAIN_ENTRIES = 3
BEFORE_WINDOW_DAYS = 28


@dataclass(frozen=True)
class Week:
    start: dt.date  # a Monday
    minutes: int
    mean_pain: float | None
    pain_entries: int

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)


@dataclass(frozen=True)
class Change:
    """What changed since ``since`` (the last consultation before today).

    ``enough`` is False when either side has too little diary data; then the figures are None.
    Activity is in minutes per week, pain the mean of the entries in each window."""

    enough: bool
    since: dt.date | None
    minutes_before: float | None = None
    minutes_after: float | None = None
    pain_before: float | None = None
    pain_after: float | None = None


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly_series(
    pain: Iterable[tuple[dt.date, int]],
    activity: Iterable[tuple[dt.date, int]],
    *,
    until: dt.date,
    since: dt.date | None = None,
) -> list[Week]:
    """One Week per calendar week from the first entry (or ``since``) to ``until``, gaps included
    (a week without entries shows 0 minutes and no pain value, not a missing bar)."""
    minutes: dict[dt.date, int] = {}
    pains: dict[dt.date, list[int]] = {}
    first: dt.date | None = since
    for day, value in activity:
        key = monday(day)
        minutes[key] = minutes.get(key, 0) + value
        first = day if first is None or day < first else first
    for day, value in pain:
        pains.setdefault(monday(day), []).append(value)
        first = day if first is None or day < first else first
    if first is None:
        return []
    weeks: list[Week] = []
    start, last = monday(first), monday(until)
    while start <= last:
        values = pains.get(start, [])
        weeks.append(
            Week(
                start=start,
                minutes=minutes.get(start, 0),
                mean_pain=round(sum(values) / len(values), 1) if values else None,
                pain_entries=len(values),
            )
        )
        start += dt.timedelta(days=7)
    return weeks


@dataclass(frozen=True)
class WeekTotal:
    """A week's sums as stored (``DiaryWeek``): the input of ``weeks_from_totals``."""

    start: dt.date  # a Monday
    minutes: int
    pain_sum: int
    pain_entries: int


def weeks_from_totals(totals: Iterable[WeekTotal], *, until: dt.date, since: dt.date | None = None) -> list[Week]:
    """The same weeks as ``weekly_series`` gives for the entries these totals sum (every stored
    week has at least one entry, so the first one starts the series as the first entry would)."""
    by_start = {t.start: t for t in totals}
    first = min([*by_start, *([monday(since)] if since else [])], default=None)
    if first is None:
        return []
    weeks: list[Week] = []
    start, last = first, monday(until)
    while start <= last:
        t = by_start.get(start)
        n = t.pain_entries if t else 0
        weeks.append(Week(start=start, minutes=t.minutes if t else 0,
                          mean_pain=round(t.pain_sum / n, 1) if t and n else None, pain_entries=n))
        start += dt.timedelta(days=7)
    return weeks


def change_since_last_consultation(
    pain: list[tuple[dt.date, int]],
    activity: list[tuple[dt.date, int]],
    consultation_dates: Iterable[dt.date],
    *,
    today: dt.date,
    first_entry: dt.date | None = None,
) -> Change:
    """Compare the four weeks before the last consultation that lies before today with the time
    since. A consultation held today is the one being recorded, so it is not the reference.
    ``pain`` and ``activity`` need only hold the entries from ``comparison_start`` on when
    ``first_entry`` (the diary's first entry date) is given; without it, it is their earliest."""
    earlier = sorted(d for d in consultation_dates if d < today)
    if not earlier:
        return Change(enough=False, since=None)
    ref = earlier[-1]
    before_start = ref - dt.timedelta(days=BEFORE_WINDOW_DAYS)
    days_after = (today - ref).days + 1
    pain_before = [v for d, v in pain if before_start <= d < ref]
    pain_after = [v for d, v in pain if ref <= d <= today]
    if days_after < MIN_DAYS_SINCE or len(pain_before) < MIN_PAIN_ENTRIES or len(pain_after) < MIN_PAIN_ENTRIES:
        return Change(enough=False, since=ref)
    first_entry = first_entry or min(d for d, _ in [*pain, *activity])
    days_before = (ref - max(before_start, first_entry)).days
    if days_before < MIN_DAYS_SINCE:
        return Change(enough=False, since=ref)
    minutes_before = sum(v for d, v in activity if before_start <= d < ref)
    minutes_after = sum(v for d, v in activity if ref <= d <= today)
    return Change(
        enough=True,
        since=ref,
        minutes_before=round(minutes_before * 7 / days_before),
        minutes_after=round(minutes_after * 7 / days_after),
        pain_before=round(sum(pain_before) / len(pain_before), 1),
        pain_after=round(sum(pain_after) / len(pain_after), 1),
    )


def comparison_start(consultation_dates: Iterable[dt.date], *, today: dt.date) -> dt.date | None:
    """The first day ``change_since_last_consultation`` reads entries of, or None (nothing to compare)."""
    earlier = [d for d in consultation_dates if d < today]
    return max(earlier) - dt.timedelta(days=BEFORE_WINDOW_DAYS) if earlier else None


def change_since(
    pain: list[tuple[dt.date, int]], activity: list[tuple[dt.date, int]], start: dt.date, *, today: dt.date
) -> Change:
    """The same comparison with an explicit reference date (e.g. the day a plan started)."""
    return change_since_last_consultation(pain, activity, [start], today=today)


VITAL_SIGN_DAYS = 28


@dataclass(frozen=True)
class VitalSign:
    """The Exercise Vital Sign (days per week x minutes on such a day of at least moderate
    activity) and the average pain, as the diary of the last four weeks shows them. ``None``
    where the diary has no entries of that kind in the window."""

    days_per_week: int | None
    minutes_per_day: int | None
    pain_average: int | None
    activity_days: int
    pain_entries: int


def exercise_vital_sign(
    pain: Iterable[tuple[dt.date, int]],
    moderate_activity: Iterable[tuple[dt.date, int]],
    *,
    today: dt.date,
    days: int = VITAL_SIGN_DAYS,
) -> VitalSign:
    """From the entries of the ``days`` days up to ``today``: on how many days a week there was
    at least moderate activity, how many minutes on such a day, and the mean pain (rounded)."""
    start = today - dt.timedelta(days=days - 1)
    per_day: dict[dt.date, int] = {}
    for day, minutes in moderate_activity:
        if start <= day <= today:
            per_day[day] = per_day.get(day, 0) + minutes
    values = [v for d, v in pain if start <= d <= today]
    active = len(per_day)
    weeks = days / 7
    return VitalSign(
        days_per_week=min(7, round(active / weeks)) if active else None,
        minutes_per_day=round(sum(per_day.values()) / active) if active else None,
        pain_average=round(sum(values) / len(values)) if values else None,
        activity_days=active,
        pain_entries=len(values),
    )
