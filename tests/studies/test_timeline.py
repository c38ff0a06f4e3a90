"""Due dates, windows and states of a questionnaire time point; completeness per time point."""

from __future__ import annotations

import datetime as dt

import pytest

from backactive.studies.timeline import Row, completeness, days_late, state, window

START = dt.date(2026, 3, 2)
SIX_WEEKS = window(START, offset_days=42, before_days=3, after_days=14)


def test_window_around_the_target_day() -> None:
    assert SIX_WEEKS.target == dt.date(2026, 4, 13)
    assert SIX_WEEKS.opens == dt.date(2026, 4, 10) and SIX_WEEKS.closes == dt.date(2026, 4, 27)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 4, 9), "upcoming"),
        (dt.date(2026, 4, 10), "due"),
        (dt.date(2026, 4, 13), "due"),
        (dt.date(2026, 4, 14), "overdue"),
        (dt.date(2026, 4, 27), "overdue"),
        (dt.date(2026, 4, 28), "missing"),
    ],
)
def test_states_through_the_window(today: dt.date, expected: str) -> None:
    assert state(SIX_WEEKS, today=today, completed_on=None) == expected


def test_done_wins_and_withdrawal_before_the_window_closes_is_a_dropout() -> None:
    assert state(SIX_WEEKS, today=dt.date(2026, 6, 1), completed_on=dt.date(2026, 4, 20)) == "done"
    assert (
        state(SIX_WEEKS, today=dt.date(2026, 6, 1), completed_on=None, withdrawn_on=dt.date(2026, 4, 1)) == "withdrawn"
    )
    # Withdrawn after this window closed: this time point was simply missed.
    assert state(SIX_WEEKS, today=dt.date(2026, 6, 1), completed_on=None, withdrawn_on=dt.date(2026, 5, 1)) == "missing"


def test_days_late_count_from_the_target_day() -> None:
    assert days_late(SIX_WEEKS, dt.date(2026, 4, 11)) == 0
    assert days_late(SIX_WEEKS, dt.date(2026, 4, 20)) == 7


def test_completeness_per_time_point() -> None:
    rows = [
        Row("baseline", "done", 0),
        Row("baseline", "done", 2),
        Row("baseline", "done", 5),
        Row("baseline", "missing"),
        Row("6w", "done", 1),
        Row("6w", "overdue"),
        Row("6w", "withdrawn", dropout_reason="no_time"),
        Row("6w", "withdrawn", dropout_reason="no_time"),
        Row("6w", "withdrawn", dropout_reason="health"),
        Row("3m", "upcoming"),
    ]
    baseline, six, three = completeness(rows, ["baseline", "6w", "3m"])
    assert (baseline.done, baseline.expected, baseline.completion_rate, baseline.median_days_late) == (3, 4, 0.75, 2)
    assert (six.completion_rate, six.open, six.withdrawn) == (1.0, 1, 3)
    assert six.dropout_reasons == {"no_time": 2, "health": 1}
    assert (three.completion_rate, three.median_days_late, three.upcoming) == (None, None, 1)
