"""The analysis on small diaries whose answer is known by construction."""

from __future__ import annotations

import datetime as dt

import numpy as np

from backactive.diary.effects import Effects, analyse, daily
from backactive.diary.effects.analysis import MIN_PAIN_DAYS

START = dt.date(2025, 1, 6)


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def alternating(days: int, *, after_active: float, after_rest: float, minutes: int = 30, seed: int = 7) -> Effects:
    """Active two days out of three; pain depends only on yesterday, plus seeded noise (one
    seeded diary each: how often such answers are wrong is what the simulations measure)."""
    rng = np.random.default_rng(seed)
    pain, activity = [], []
    for t in range(days):
        active = t % 3 != 0
        if active:
            activity.append((day(t), minutes))
        before = t - 1
        base = after_active if before >= 0 and before % 3 != 0 else after_rest
        pain.append((day(t), float(np.clip(round(base + rng.normal(0, 0.7)), 0, 10))))
    return analyse(daily(pain, activity))


def test_several_pain_entries_are_averaged_and_activity_entries_summed() -> None:
    days = daily([(day(0), 4), (day(0), 6), (day(2), 3)], [(day(0), 10), (day(0), 15), (day(1), 5)])
    assert days is not None and days.start == day(0)
    assert np.isnan(days.pain[1]) and days.pain[0] == 5 and days.pain[2] == 3
    assert days.minutes.tolist() == [25, 5, 0]  # a day without an entry is a rest day


def test_the_threshold_applies_to_the_days_total() -> None:
    pain = [(day(t), 5.0) for t in range(3)]
    split = analyse(daily(pain, [(day(0), 10), (day(0), 10)]))  # 20 minutes in two sessions
    short = analyse(daily(pain, [(day(0), 19)]))
    assert (split.active_pairs, split.rest_pairs) == (1, 1)
    assert (short.active_pairs, short.rest_pairs) == (0, 2)
    assert analyse(daily(pain, [(day(0), 19)]), threshold_minutes=15).active_pairs == 1


def test_minimum_data_counts_next_day_pairs_and_says_what_is_missing() -> None:
    # 14 days with pain, but a gap every other day: no day is followed by a pain entry.
    sparse = analyse(daily([(day(2 * t), 5.0) for t in range(MIN_PAIN_DAYS)], [(day(0), 30)]))
    assert sparse.pain_days == 14 and sparse.active_pairs == 0 and sparse.rest_pairs == 0
    assert not sparse.enough_data and sparse.still_needed == {"pain": 0, "active": 5, "rest": 5}
    assert sparse.next_day is None
    exact = alternating(MIN_PAIN_DAYS, after_active=3, after_rest=5)
    assert exact.pain_days == 14 and exact.active_pairs >= 5 and exact.rest_pairs >= 5 and exact.enough_data
    assert exact.next_day is not None
    short = alternating(MIN_PAIN_DAYS - 1, after_active=3, after_rest=5)
    assert short.still_needed["pain"] == 1 and short.next_day is None


def test_a_clear_difference_is_found_and_its_interval_excludes_zero() -> None:
    helpful = alternating(90, after_active=3, after_rest=5)
    assert helpful.next_day is not None and helpful.next_day.lower_after_activity
    assert -3 < helpful.next_day.low <= helpful.next_day.high < -1.5
    harmful = alternating(90, after_active=6, after_rest=4)
    assert harmful.next_day is not None and harmful.next_day.higher_after_activity and harmful.pacing_advised
    same = alternating(90, after_active=4, after_rest=4, seed=8)
    assert same.next_day is not None and not same.next_day.clear and not same.pacing_advised


def test_constant_pain_gives_no_difference_rather_than_an_error() -> None:
    result = analyse(daily([(day(t), 5.0) for t in range(40)], [(day(t), 30) for t in range(0, 40, 2)]))
    assert result.enough_data
    assert result.next_day is None or not result.next_day.clear


def test_the_trend_follows_a_steady_fall_and_needs_three_weeks() -> None:
    falling = [(day(t), 8 - t / 7) for t in range(42)]  # one point less per week
    activity = [(day(t), 10 + t) for t in range(42)]
    result = analyse(daily(falling, activity))
    assert result.trend is not None
    assert result.trend.pain_slope_per_week == -1.0
    assert result.trend.pain_slope_low <= -1.0 <= result.trend.pain_slope_high
    # a minute more each day: each week brings 7 × 7 = 49 more minutes than the week before
    assert result.trend.activity_slope_per_week == 49.0
    assert analyse(daily(falling[:20], activity)).trend is None


def test_pain_after_long_sessions_is_recognised() -> None:
    rng = np.random.default_rng(11)
    pain, activity, extra = [], [], 0.0
    for t in range(120):
        minutes = 0 if t % 2 else (90 if t % 8 == 0 else 30)
        if minutes:
            activity.append((day(t), minutes))
        pain.append((day(t), float(np.clip(round(4 + extra + rng.normal(0, 0.6)), 0, 10))))
        extra = 2.0 if minutes == 90 else 0.0
    result = analyse(daily(pain, activity))
    assert result.long_sessions is not None
    assert result.long_sessions.usual_minutes == 30 and result.long_sessions.long_over_minutes == 45
    assert result.long_session_pattern and result.pacing_advised


def test_the_result_survives_a_round_trip_through_json() -> None:
    import json

    result = alternating(60, after_active=3, after_rest=5)
    again = Effects.from_dict(json.loads(json.dumps(result.to_dict())))
    assert again == result and again.enough_data == result.enough_data


def test_the_analysis_imports_no_django() -> None:
    import subprocess
    import sys

    code = "import sys, backactive.diary.effects; print(sorted(m for m in sys.modules if m.startswith('django')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.strip() == "[]"
