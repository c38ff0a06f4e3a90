import datetime as dt

from backactive.diary.trends import change_since_last_consultation, monday, weekly_series

D = dt.date(2026, 3, 2)  # a Monday


def test_weekly_series_sums_minutes_and_averages_pain_per_calendar_week() -> None:
    pain = [(D, 6), (D + dt.timedelta(days=2), 4), (D + dt.timedelta(days=14), 3)]
    activity = [(D, 30), (D + dt.timedelta(days=6), 20), (D + dt.timedelta(days=7), 45)]
    weeks = weekly_series(pain, activity, until=D + dt.timedelta(days=16))
    assert [w.start for w in weeks] == [D, D + dt.timedelta(days=7), D + dt.timedelta(days=14)]
    assert [w.minutes for w in weeks] == [50, 45, 0]
    assert [w.mean_pain for w in weeks] == [5.0, None, 3.0]


def test_weekly_series_is_empty_without_entries_and_starts_at_since() -> None:
    assert weekly_series([], [], until=D) == []
    weeks = weekly_series([], [], until=D + dt.timedelta(days=8), since=D)
    assert len(weeks) == 2 and all(w.minutes == 0 for w in weeks)


def test_monday() -> None:
    assert monday(dt.date(2026, 3, 8)) == D and monday(D) == D


def _daily(start: dt.date, days: int, value: int) -> list[tuple[dt.date, int]]:
    return [(start + dt.timedelta(days=i), value) for i in range(days)]


def test_change_compares_four_weeks_before_with_the_days_since() -> None:
    visit = D + dt.timedelta(days=28)
    today = visit + dt.timedelta(days=13)
    pain = _daily(D, 28, 7) + _daily(visit, 14, 5)
    activity = _daily(D, 28, 10) + _daily(visit, 14, 20)  # 70 -> 140 min/week
    change = change_since_last_consultation(pain, activity, [D, visit], today=today)
    assert change.enough and change.since == visit
    assert (change.minutes_before, change.minutes_after) == (70, 140)
    assert (change.pain_before, change.pain_after) == (7.0, 5.0)


def test_a_consultation_today_is_not_the_reference() -> None:
    visit = D + dt.timedelta(days=28)
    today = visit + dt.timedelta(days=13)
    pain = _daily(D, 42, 6)
    change = change_since_last_consultation(pain, [], [visit, today], today=today)
    assert change.since == visit


def test_not_enough_data_is_said_honestly() -> None:
    assert not change_since_last_consultation([], [], [], today=D).enough
    visit = D + dt.timedelta(days=28)
    # only three days since the visit
    change = change_since_last_consultation(_daily(D, 31, 5), [], [visit], today=visit + dt.timedelta(days=2))
    assert not change.enough and change.since == visit and change.minutes_after is None
    # long enough, but only two pain entries since
    few = [*_daily(D, 28, 5), (visit, 4), (visit + dt.timedelta(days=5), 4)]
    assert not change_since_last_consultation(few, [], [visit], today=visit + dt.timedelta(days=10)).enough
