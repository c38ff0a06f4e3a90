"""Graded weekly targets: 150 minutes for most, first week near today's level, gradual rise."""

from __future__ import annotations

import itertools

import pytest

from backactive.recommendations import targets


@pytest.mark.parametrize(("current", "target"), [(0, 150), (59, 150), (149, 150), (150, 150), (320, 320)])
def test_weekly_target_is_150_or_the_higher_current_level(current: int, target: int) -> None:
    assert targets.weekly_target(current) == target


@pytest.mark.parametrize("current", range(0, 60))
def test_under_60_minutes_the_first_week_adds_at_most_30(current: int) -> None:
    for gentle in (False, True):
        first = targets.first_week(current, gentle=gentle)
        assert current <= first <= current + 30
    assert targets.first_week(current, gentle=True) <= targets.first_week(current, gentle=False)


def test_examples_of_first_weeks() -> None:
    assert targets.first_week(0, gentle=False) == 30
    assert targets.first_week(0, gentle=True) == 20
    assert targets.first_week(100, gentle=False) == 120
    assert targets.first_week(140, gentle=False) == 150
    assert targets.first_week(200, gentle=False) == 200


@pytest.mark.parametrize("current", [0, 10, 45, 60, 90, 149])
@pytest.mark.parametrize("gentle", [False, True])
def test_weeks_rise_gradually_to_the_target(current: int, gentle: bool) -> None:
    weeks = targets.weeks(current, gentle=gentle)
    assert weeks[0] == targets.first_week(current, gentle=gentle)
    assert all(a < b <= a + max(10, a // 5) for a, b in itertools.pairwise(weeks))
    assert weeks[-1] == 150 or len(weeks) == targets.MAX_WEEKS


def test_people_above_the_target_keep_their_level() -> None:
    assert targets.weeks(240, gentle=False) == [240]


def test_session_minutes_respect_limits() -> None:
    assert targets.session_minutes(150, max_session=60, short_bouts=None) == 30
    assert targets.session_minutes(150, max_session=20, short_bouts=None) == 20
    assert targets.session_minutes(150, max_session=60, short_bouts=15) == 15
    assert targets.session_minutes(20, max_session=60, short_bouts=None) == 10
    assert targets.sessions_per_week(150, 30) == 5
