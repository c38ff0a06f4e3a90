"""IPAQ short form by the November 2005 scoring protocol: MET-minutes, bouts, truncation, categories."""

from __future__ import annotations

import pytest

from backactive import questionnaires as q


def ipaq(**given: int) -> dict[str, int]:
    answers = dict.fromkeys(
        ("vigorous_days", "vigorous_minutes", "moderate_days", "moderate_minutes", "walking_days", "walking_minutes"), 0
    )
    return {**answers, "sitting_minutes": 300, **given}


def test_continuous_score_follows_the_protocol_formula() -> None:
    """Section 5.2 / appendix 1: MET × minutes a day × days; 30 minutes on 5 days of each intensity."""
    result = q.score(
        "ipaq_sf",
        ipaq(
            vigorous_days=5,
            vigorous_minutes=30,
            moderate_days=5,
            moderate_minutes=30,
            walking_days=5,
            walking_minutes=30,
        ),
    )
    assert result["walking_met_minutes_week"] == 495.0  # 3.3 * 30 * 5
    assert result["moderate_met_minutes_week"] == 600.0  # 4.0 * 30 * 5
    assert result["vigorous_met_minutes_week"] == 1200.0  # 8.0 * 30 * 5
    assert result["met_minutes_week"] == 2295.0
    assert result["category"] == "high"  # vigorous on >= 3 days and >= 1500 in total
    assert result["sitting_minutes"] == 300


def test_truncation_example_of_the_protocol_moves_high_to_moderate() -> None:
    """Section 7.4: walking 10 minutes on 6 days and 12 hours of moderate activity on one day would be
    'high' (3078 MET-min over 7 days); truncated to 180 minutes it is 918 MET-min, 'moderate'."""
    result = q.score("ipaq_sf", ipaq(walking_days=6, walking_minutes=10, moderate_days=1, moderate_minutes=720))
    assert result["moderate_met_minutes_week"] == 720.0  # 4.0 * 180 * 1, not 4.0 * 720
    assert result["walking_met_minutes_week"] == 198.0
    assert result["met_minutes_week"] == 918.0
    assert result["category"] == "moderate"  # 7 days of any combination, >= 600


def test_bouts_under_ten_minutes_and_their_days_count_zero() -> None:
    result = q.score("ipaq_sf", ipaq(walking_days=7, walking_minutes=9, moderate_days=7, moderate_minutes=9))
    assert result["met_minutes_week"] == 0.0 and result["category"] == "low"
    assert q.score("ipaq_sf", ipaq(walking_days=7, walking_minutes=10))["walking_met_minutes_week"] == 231.0


def test_minutes_without_days_count_zero() -> None:
    assert q.score("ipaq_sf", ipaq(vigorous_days=0, vigorous_minutes=60))["met_minutes_week"] == 0.0


@pytest.mark.parametrize(
    ("given", "category"),
    [
        ({"vigorous_days": 3, "vigorous_minutes": 20}, "moderate"),  # 480 MET-min, but vigorous 3 x 20
        ({"vigorous_days": 2, "vigorous_minutes": 20}, "low"),
        ({"moderate_days": 3, "moderate_minutes": 30, "walking_days": 2, "walking_minutes": 30}, "moderate"),
        ({"moderate_days": 3, "moderate_minutes": 30, "walking_days": 1, "walking_minutes": 30}, "low"),
        ({"walking_days": 5, "walking_minutes": 29}, "low"),  # 478.5 MET-min, under 30 min a day
        ({"walking_days": 5, "walking_minutes": 30}, "moderate"),
        ({"walking_days": 3, "walking_minutes": 25, "moderate_days": 2, "moderate_minutes": 25}, "low"),  # 447.5
        ({"walking_days": 3, "walking_minutes": 40, "vigorous_days": 2, "vigorous_minutes": 15}, "moderate"),  # 636
        ({"vigorous_days": 3, "vigorous_minutes": 63}, "high"),  # 1512 with vigorous on 3 days
        ({"vigorous_days": 3, "vigorous_minutes": 62}, "moderate"),  # 1488
        ({"walking_days": 7, "walking_minutes": 129}, "moderate"),  # 2979.9 over 7 days
        ({"walking_days": 7, "walking_minutes": 130}, "high"),  # 3003 over 7 days, walking alone counts
        ({"walking_days": 7, "walking_minutes": 129, "moderate_days": 1, "moderate_minutes": 10}, "high"),  # 3019.9
        ({"walking_days": 6, "walking_minutes": 180}, "moderate"),  # 3564 but only 6 days
    ],
)
def test_category_boundaries(given: dict[str, int], category: str) -> None:
    assert q.score("ipaq_sf", ipaq(**given))["category"] == category


def test_seven_days_of_walking_at_three_thousand_is_high() -> None:
    result = q.score("ipaq_sf", ipaq(walking_days=7, walking_minutes=180, moderate_days=0))
    assert result["met_minutes_week"] == 4158.0 and result["category"] == "high"


@pytest.mark.parametrize(
    ("given", "line"),
    [
        ({"walking_days": 8}, "walking_days: 8 is out of range (0 to 7)"),
        ({"walking_minutes": -5}, "walking_minutes: -5 is out of range (0 to 1440)"),
        (
            {"vigorous_days": 1, "vigorous_minutes": 500, "walking_days": 1, "walking_minutes": 461},
            "vigorous_minutes + moderate_minutes + walking_minutes: 961 minutes a day is more than the 960 "
            "(16 hours) the IPAQ protocol accepts",
        ),
    ],
)
def test_impossible_answers_name_the_item(given: dict[str, int], line: str) -> None:
    with pytest.raises(q.AnswerError) as caught:
        q.score("ipaq_sf", ipaq(**given))
    assert str(caught.value) == line


def test_sixteen_hours_a_day_is_still_scored() -> None:
    result = q.score("ipaq_sf", ipaq(vigorous_days=1, vigorous_minutes=480, walking_days=1, walking_minutes=480))
    assert result["met_minutes_week"] == 8.0 * 180 + 3.3 * 180


def test_no_days_means_no_minutes_without_asking() -> None:
    assert q.implied("ipaq_sf", {"vigorous_days": 0, "moderate_days": 2, "walking_days": 0}) == {
        "vigorous_minutes": 0,
        "walking_minutes": 0,
    }
    assert q.implied("phq4", {"down": 0}) == {}
