"""The pure reminder rules: spreading days over the week and when a message is due."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backactive.reminders.schedule import clean_weekdays, due_reminder, next_on_or_after, spread_days

DAY = dt.date(2026, 3, 2)  # a Monday


@pytest.mark.parametrize(
    ("count", "days"), [(0, []), (1, [0]), (2, [0, 3]), (3, [0, 2, 4]), (7, list(range(7))), (9, list(range(7)))]
)
def test_spread_days(count: int, days: list[int]) -> None:
    assert spread_days(count) == days


@settings(max_examples=100)
@given(st.integers(min_value=0, max_value=7))
def test_spread_days_gives_as_many_distinct_days_as_asked(count: int) -> None:
    assert len(spread_days(count)) == count


def test_clean_weekdays_rejects_out_of_range() -> None:
    assert clean_weekdays(["3", "1", "1"]) == [1, 3]
    with pytest.raises(ValueError, match="range"):
        clean_weekdays([7])


def test_next_on_or_after() -> None:
    assert next_on_or_after(DAY, [0]) == DAY
    assert next_on_or_after(DAY, [6]) == DAY + dt.timedelta(days=6)


def _due(last: dt.date | None, today: dt.date, sent: set[tuple[str, dt.date]] | None = None, after: int = 3):
    return due_reminder(
        last_entry=last, enabled_on=DAY - dt.timedelta(days=60), after_days=after, today=today, sent=sent or set()
    )


def test_nothing_due_while_entries_are_recent() -> None:
    assert _due(DAY, DAY + dt.timedelta(days=2)) is None


def test_nudge_after_the_chosen_days_once_per_gap() -> None:
    due = _due(DAY, DAY + dt.timedelta(days=3))
    assert due is not None and due.kind == "nudge" and due.gap_start == DAY and due.days == 3
    assert _due(DAY, DAY + dt.timedelta(days=4), {("nudge", DAY)}) is None


def test_restart_note_after_a_break_then_silence() -> None:
    due = _due(DAY, DAY + dt.timedelta(days=14), {("nudge", DAY)})
    assert due is not None and due.kind == "restart"
    assert _due(DAY, DAY + dt.timedelta(days=40), {("nudge", DAY), ("restart", DAY)}) is None


def test_a_new_entry_starts_a_new_gap() -> None:
    later = DAY + dt.timedelta(days=20)
    due = _due(later, later + dt.timedelta(days=3), {("nudge", DAY), ("restart", DAY)})
    assert due is not None and due.kind == "nudge" and due.gap_start == later


def test_no_nudge_about_time_before_reminders_were_switched_on() -> None:
    on = DAY + dt.timedelta(days=30)
    assert (
        due_reminder(last_entry=DAY, enabled_on=on, after_days=3, today=on + dt.timedelta(days=1), sent=set()) is None
    )
    due = due_reminder(last_entry=None, enabled_on=on, after_days=3, today=on + dt.timedelta(days=3), sent=set())
    assert due is not None and due.gap_start == on
