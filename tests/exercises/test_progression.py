"""The progression rule: two weeks at a level, at least twice a week, pain not up by more than two
points -> the next level; a flare-up or "too hard" -> the easier level; otherwise stay."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backactive.exercises.progression import Proposal, Session, propose_level

TODAY = datetime.date(2026, 11, 27)


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


def twice_weekly(level: int = 2, felt: str | None = "right") -> list[Session]:
    return [Session(days_ago(n), level, felt) for n in (12, 9, 5, 2)]


def steady_pain(value: float = 4.0) -> dict[datetime.date, float]:
    return {days_ago(n): value for n in range(0, 21)}


def test_two_weeks_twice_a_week_without_pain_rise_proposes_the_next_level() -> None:
    assert propose_level(current=2, sessions=twice_weekly(), pain=steady_pain(), today=TODAY) == Proposal(3, "progress")


def test_once_in_one_of_the_weeks_is_not_enough() -> None:
    sessions = [Session(days_ago(n), 2, "right") for n in (12, 5, 2)]
    assert propose_level(current=2, sessions=sessions, pain=steady_pain(), today=TODAY).reason == "stay"


def test_a_rise_of_three_points_in_the_two_weeks_holds_the_level() -> None:
    pain = steady_pain(3.0) | {days_ago(6): 6.0}
    assert propose_level(current=2, sessions=twice_weekly(), pain=pain, today=TODAY).reason == "stay"


def test_a_rise_of_exactly_two_points_still_progresses() -> None:
    pain = steady_pain(3.0) | {days_ago(6): 5.0}
    assert propose_level(current=1, sessions=twice_weekly(level=1), pain=pain, today=TODAY).level == 2


def test_a_flare_up_proposes_the_easier_level() -> None:
    pain = steady_pain(3.0) | {TODAY: 7.0}
    assert propose_level(current=3, sessions=twice_weekly(3), pain=pain, today=TODAY) == Proposal(2, "flare_up")
    assert propose_level(current=2, sessions=[], pain=steady_pain(), today=TODAY, flare_up=True).level == 1


def test_too_hard_proposes_the_easier_level() -> None:
    sessions = [*twice_weekly(), Session(TODAY, 2, "too_hard")]
    assert propose_level(current=2, sessions=sessions, pain=steady_pain(), today=TODAY) == Proposal(1, "too_hard")


def test_nothing_goes_beyond_the_ends() -> None:
    assert propose_level(current=3, sessions=twice_weekly(3), pain=steady_pain(), today=TODAY) == Proposal(3, "stay")
    flare = propose_level(current=1, sessions=[], pain=steady_pain(), today=TODAY, flare_up=True)
    assert flare == Proposal(1, "stay") and not flare.changes


def test_sessions_at_another_level_in_the_window_do_not_count() -> None:
    sessions = [Session(days_ago(12), 1), Session(days_ago(9), 1), Session(days_ago(5), 2), Session(days_ago(2), 2)]
    assert propose_level(current=2, sessions=sessions, pain=steady_pain(), today=TODAY).reason == "stay"


def test_an_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="level must be 1, 2 or 3"):
        propose_level(current=4, sessions=[], pain={}, today=TODAY)


@settings(derandomize=True, max_examples=200)
@given(
    current=st.integers(1, 3),
    days=st.lists(st.integers(0, 30), max_size=12),
    felt=st.lists(st.sampled_from(["easy", "right", "too_hard", None]), min_size=12, max_size=12),
    pains=st.lists(st.floats(0, 10), min_size=21, max_size=21),
    flare=st.booleans(),
)
def test_a_proposal_moves_at_most_one_level_and_stays_in_range(
    current: int, days: list[int], felt: list[str | None], pains: list[float], flare: bool
) -> None:
    sessions = [Session(days_ago(d), current, felt[i]) for i, d in enumerate(days)]
    pain = {days_ago(n): v for n, v in enumerate(pains)}
    proposal = propose_level(current=current, sessions=sessions, pain=pain, today=TODAY, flare_up=flare)
    assert 1 <= proposal.level <= 3 and abs(proposal.level - current) <= 1
    if flare:
        assert proposal.level == max(1, current - 1)
