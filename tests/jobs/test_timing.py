"""The slots of a schedule (pure: no database, no Django): interval slots fall on the same instants
in every worker, daily slots keep their wall-clock time across the clock changes, and a slot
missed by more than its catch-up is skipped."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from backactive.jobs.timing import DailyAt, Every, due_slot

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)  # type: ignore[misc]


def test_interval_slots_are_the_same_in_every_worker() -> None:
    every = Every(dt.timedelta(minutes=5))
    now = dt.datetime(2026, 11, 27, 10, 7, 31, tzinfo=dt.UTC)
    assert every.latest(now, BERLIN) == dt.datetime(2026, 11, 27, 10, 5, tzinfo=dt.UTC)
    assert every.latest(now.replace(minute=5, second=0), BERLIN) == dt.datetime(2026, 11, 27, 10, 5, tzinfo=dt.UTC)
    assert every.following(every.latest(now, BERLIN), BERLIN) == dt.datetime(2026, 11, 27, 10, 10, tzinfo=dt.UTC)


def test_a_period_under_a_minute_is_refused() -> None:
    with pytest.raises(ValueError):
        Every(dt.timedelta(seconds=10))


def test_a_daily_slot_is_today_once_its_time_has_come_else_yesterday() -> None:
    daily = DailyAt(dt.time(3, 0))
    assert daily.latest(berlin(2026, 11, 27, 2, 59), BERLIN) == berlin(2026, 11, 26, 3, 0)
    assert daily.latest(berlin(2026, 11, 27, 3, 0), BERLIN) == berlin(2026, 11, 27, 3, 0)
    assert daily.following(berlin(2026, 11, 27, 3, 0), BERLIN) == berlin(2026, 11, 28, 3, 0)


def test_daily_slots_keep_their_local_time_when_the_clocks_change() -> None:
    evening = DailyAt(dt.time(17, 0))
    # Summer time begins on 29 March 2026 and ends on 25 October 2026.
    assert evening.following(berlin(2026, 3, 28, 17, 0), BERLIN) == berlin(2026, 3, 29, 17, 0)
    assert evening.following(berlin(2026, 10, 24, 17, 0), BERLIN) == berlin(2026, 10, 25, 17, 0)
    assert berlin(2026, 3, 29, 17, 0) - berlin(2026, 3, 28, 17, 0) == dt.timedelta(hours=24)  # wall clock
    # 02:30 does not exist on 29 March: that night's slot falls at 03:30 summer time, once.
    night = DailyAt(dt.time(2, 30))
    assert night.latest(berlin(2026, 3, 29, 4, 0), BERLIN).astimezone(BERLIN).time() == dt.time(3, 30)


def test_a_slot_missed_by_more_than_its_catch_up_is_skipped() -> None:
    evening = DailyAt(dt.time(17, 0))
    catch_up = dt.timedelta(hours=4)
    assert due_slot(evening, now=berlin(2026, 11, 27, 20, 0), tz=BERLIN, catch_up=catch_up) == berlin(2026, 11, 27, 17)
    assert due_slot(evening, now=berlin(2026, 11, 27, 22, 0), tz=BERLIN, catch_up=catch_up) is None
    assert due_slot(evening, now=berlin(2026, 11, 28, 9, 0), tz=BERLIN, catch_up=None) == berlin(2026, 11, 27, 17)


def test_the_clock_must_be_aware() -> None:
    with pytest.raises(ValueError):
        DailyAt(dt.time(3)).latest(dt.datetime(2026, 11, 27, 3), BERLIN)
