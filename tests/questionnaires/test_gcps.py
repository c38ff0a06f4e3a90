"""Graded Chronic Pain Scale (Von Korff 1992): intensity, disability score and points, grade 0–IV."""

from __future__ import annotations

import pytest

from backactive import questionnaires as q


def gcps(now: int, worst: int, average: int, days: int, daily: int, social: int, work: int) -> dict[str, int]:
    return {
        "pain_now": now,
        "pain_worst": worst,
        "pain_average": average,
        "disability_days": days,
        "interference_daily": daily,
        "interference_social": social,
        "interference_work": work,
    }


def test_scores_follow_the_published_formulas() -> None:
    """CPI = mean(now, worst, average) × 10; disability = mean(daily, social, work) × 10;
    10 disability days → 1 point, a disability score of 50 → 2 points; 3 points → grade III."""
    assert q.score("gcps", gcps(5, 8, 6, 10, 5, 4, 6)) == {
        "characteristic_pain_intensity": 63,  # 63.3
        "disability_score": 50,
        "disability_points": 3,
        "grade": 3,
    }


@pytest.mark.parametrize(("days", "points"), [(0, 0), (6, 0), (7, 1), (14, 1), (15, 2), (30, 2), (31, 3), (180, 3)])
def test_disability_day_points(days: int, points: int) -> None:
    assert q.score("gcps", gcps(2, 2, 2, days, 0, 0, 0))["disability_points"] == points


@pytest.mark.parametrize(
    ("ratings", "score", "points"),
    [
        ((3, 3, 2), 27, 0),
        ((3, 3, 3), 30, 1),
        ((5, 5, 4), 47, 1),
        ((5, 5, 5), 50, 2),
        ((7, 7, 6), 67, 2),
        ((7, 7, 7), 70, 3),
    ],
)
def test_disability_score_points(ratings: tuple[int, int, int], score: int, points: int) -> None:
    result = q.score("gcps", gcps(2, 2, 2, 0, *ratings))
    assert (result["disability_score"], result["disability_points"]) == (score, points)


@pytest.mark.parametrize(
    ("answers", "grade"),
    [
        (gcps(0, 0, 0, 0, 0, 0, 0), 0),  # pain free
        (gcps(4, 6, 4, 0, 2, 2, 2), 1),  # CPI 46.7 < 50, 0 points: low intensity, low disability
        (gcps(5, 5, 5, 0, 2, 2, 2), 2),  # CPI 50: high intensity, low disability
        (gcps(9, 10, 8, 14, 5, 5, 4), 2),  # 1 + 1 = 2 points, still low disability
        (gcps(3, 4, 3, 15, 5, 5, 5), 3),  # 2 + 2 = 4 points: moderately limiting, whatever the intensity
        (gcps(3, 4, 3, 31, 5, 5, 5), 4),  # 3 + 2 = 5 points: severely limiting
        (gcps(9, 10, 9, 180, 10, 10, 10), 4),  # 6 points
        (gcps(0, 0, 0, 10, 0, 0, 0), 1),  # no pain rated but days lost: not hidden as pain free
    ],
)
def test_grades(answers: dict[str, int], grade: int) -> None:
    assert q.score("gcps", answers)["grade"] == grade


def test_ranges_are_checked() -> None:
    with pytest.raises(q.AnswerError, match=r"^disability_days: 181 is out of range \(0 to 180\)$"):
        q.score("gcps", gcps(1, 1, 1, 181, 1, 1, 1))
    with pytest.raises(q.AnswerError, match=r"^pain_worst: 11 is out of range \(0 to 10\)$"):
        q.score("gcps", gcps(1, 11, 1, 1, 1, 1, 1))


def test_the_german_pain_questionnaire_wording_is_not_shipped() -> None:
    instrument = q.instrument("gcps")
    assert instrument.text_langs == () and all(not item.text for item in instrument.items)
    assert "Deutsche Schmerzgesellschaft" in instrument.licence
