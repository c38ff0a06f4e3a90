"""The analysis against ground truth: simulated diaries with known effects (issue 15).

Figures and the model: tests/diary/effects/simulate.py (run it as a module to print them);
docs/effects.md quotes them. Everything is seeded, so a failure here is a real change.
"""

from __future__ import annotations

import re

import pytest

from backactive.diary.effects import analyse, daily, statements

from . import simulate
from .simulate import Case, Figures


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return simulate.suite()


@pytest.fixture(scope="module")
def accuracy() -> list[Case]:
    return simulate.accuracy_suite()


@pytest.fixture(scope="module")
def short() -> list[Case]:
    return simulate.short_suite()


@pytest.fixture(scope="module")
def figures(cases: list[Case], accuracy: list[Case]) -> Figures:
    return simulate.figures(cases, accuracy)


def test_the_suite_has_at_least_500_diaries_of_60_days_and_more_with_an_answer(figures: Figures) -> None:
    assert figures.diaries >= 500


def test_every_scenario_and_length_is_in_the_suite(cases: list[Case]) -> None:
    assert {(c.scenario, c.days) for c in cases} == {
        (name, days) for name in simulate.SCENARIOS for days in simulate.LONG_LENGTHS
    }
    # Nearly every diary of 60 days and more reaches the minimum data despite gaps.
    assert sum(c.result.next_day is not None for c in cases) >= 0.97 * len(cases)


def test_the_90_percent_intervals_cover_the_true_effect_in_85_to_95_percent(figures: Figures) -> None:
    assert 0.85 <= figures.coverage <= 0.95


def test_without_an_effect_a_difference_is_claimed_in_at_most_12_percent(figures: Figures) -> None:
    assert figures.false_claims <= 0.12


def test_confounded_diaries_show_a_false_benefit_that_the_adjustment_removes(figures: Figures) -> None:
    """Activity there depends on today's pain and does nothing: the plain next-day difference
    shows a benefit (so the simulation really is confounded), the adjusted one does not."""
    assert figures.plain_difference_confounded < -0.3
    assert figures.false_claims_confounded <= 0.12


def test_activity_growing_while_pain_eases_is_not_taken_for_an_effect(figures: Figures) -> None:
    assert figures.false_claims_trend <= 0.12


def test_at_90_days_an_effect_of_1_5_is_estimated_within_half_a_point_in_80_percent(
    accuracy: list[Case], figures: Figures
) -> None:
    assert len(accuracy) == 2 * simulate.ACCURACY_COUNT and {c.days for c in accuracy} == {90}
    assert {c.effect for c in accuracy} == {-1.5, 1.5}
    assert figures.accuracy_90_days >= 0.80


def test_the_long_session_pattern_is_rarely_reported_falsely_and_usually_found(figures: Figures) -> None:
    assert figures.long_pattern_false <= 0.12
    assert figures.long_pattern_found >= 0.4


LOWER = {"de": "niedriger", "en": "lower"}
NO_CLEAR = {"de": "kein klarer Unterschied", "en": "no clear difference"}
NO_CLEAR_GP = {"de": "Kein klarer Unterschied.", "en": "No clear difference."}
PACING = {"de": "Kürzere Einheiten", "en": "Shorter sessions"}
MORE_PAIN = re.compile(r"höher|schlimmer|verschlimm|mehr Schmerz|higher|worse|more pain", re.IGNORECASE)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_words_follow_the_interval_in_every_simulated_diary(
    cases: list[Case], short: list[Case], lang: str
) -> None:
    for case in cases + short:
        r = case.result
        words = statements(r, lang)
        nd = r.next_day
        if nd is None:
            assert LOWER[lang] not in words.patient and PACING[lang] not in words.patient
            continue
        assert (LOWER[lang] in words.patient) == nd.lower_after_activity, words.patient
        assert (NO_CLEAR[lang] in words.patient) == (not nd.clear), words.patient
        assert (PACING[lang] in words.patient) == r.pacing_advised
        # The patient never reads that activity went with more pain.
        assert not MORE_PAIN.search(words.patient), words.patient
        assert (NO_CLEAR_GP[lang] in words.gp) == (not nd.clear), words.gp


def test_short_diaries_say_what_is_still_missing_instead_of_a_number(short: list[Case]) -> None:
    assert len(short) >= 100
    lacking = [c for c in short if not c.result.enough_data]
    assert len(lacking) >= 40
    for case in lacking:
        words = statements(case.result, "de")
        assert case.result.next_day is None and case.result.same_day is None
        assert words.missing is not None and words.missing.startswith("noch ")
        assert words.missing in words.patient and words.missing in words.gp
    # Ten days can never be enough: 14 days with a pain entry are the minimum.
    assert all(not c.result.enough_data for c in short if c.days == 10)


def test_the_same_diary_gives_the_same_answer_every_time() -> None:
    from backactive.diary.effects import bootstrap

    case = simulate.diaries("helpful", 1, 90, seed=3)[0]
    again = simulate.diaries("helpful", 1, 90, seed=3)[0]
    bootstrap.plan.cache_clear()
    third = simulate.diaries("helpful", 1, 90, seed=3)[0]
    assert case.result == again.result == third.result
    assert case.result.next_day is not None


def test_analysis_of_an_empty_diary_is_not_an_error() -> None:
    result = analyse(daily([], []))
    assert not result.enough_data and result.next_day is None and result.trend is None
    assert statements(result, "en").missing == (
        "14 more days with a pain entry, 5 more active days and 5 more rest days"
        " (an active or rest day counts when pain is entered on it and on the next day)"
    )
