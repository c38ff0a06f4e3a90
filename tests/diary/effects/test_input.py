"""Validation of a diary given as JSON: every problem named with its entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from backactive.diary.effects import DiaryError, parse_diary

TODAY = dt.date(2025, 6, 30)


def diary(pain: Any = None, activity: Any = None) -> dict[str, Any]:
    return {"pain": [{"date": "2025-06-01", "value": 4}] if pain is None else pain,
            "activity": [{"date": "2025-06-01", "minutes": 30, "intensity": "light"}] if activity is None else activity}


def test_a_valid_diary_is_read() -> None:
    activity = [{"date": "2025-06-01", "minutes": 30}, {"date": "2025-06-01", "minutes": 0, "intensity": "vigorous"}]
    parsed = parse_diary(diary(activity=activity), today=TODAY)
    assert parsed.pain == [(dt.date(2025, 6, 1), 4.0)]
    assert parsed.activity == [(dt.date(2025, 6, 1), 30.0), (dt.date(2025, 6, 1), 0.0)]
    assert parse_diary({"pain": [], "activity": []}, today=TODAY).pain == []
    assert parse_diary(diary(pain=[{"date": "2025-06-30", "value": 10}]), today=TODAY).pain[0][1] == 10


BAD = [
    ([], "the diary must be a JSON object, got a list"),
    ({"pain": []}, "the diary needs a list 'activity' (use [] for none)"),
    ({**diary(), "steps": []}, "unknown key 'steps'"),
    (diary(pain={"date": "2025-06-01"}), "pain must be a list, got an object"),
    (diary(pain=[4]), "pain[0] must be an object, got the number 4"),
    (diary(pain=[{"date": "2025-06-01"}]), "pain[0]: 'value' is missing"),
    (diary(pain=[{"date": "2025-06-01", "value": 11}]), "pain[0].value must be between 0 and 10, got 11"),
    (diary(pain=[{"date": "2025-06-01", "value": -1}]), "pain[0].value must be between 0 and 10, got -1"),
    (diary(pain=[{"date": "2025-06-01", "value": "4"}]), "pain[0].value must be a number, got the text '4'"),
    (diary(pain=[{"date": "2025-06-01", "value": True}]), "pain[0].value must be a number, got a boolean"),
    (diary(pain=[{"date": "2025-06-01", "value": 4, "scale": "vas"}]), "pain[0]: unknown key 'scale'"),
    (diary(pain=[{"date": "2025-02-30", "value": 4}]), "pain[0].date is not a valid date (YYYY-MM-DD): '2025-02-30'"),
    (diary(pain=[{"date": "20250601", "value": 4}]), "pain[0].date is not a valid date (YYYY-MM-DD): '20250601'"),
    (diary(pain=[{"date": 20250601, "value": 4}]), "pain[0].date must be a date as text (YYYY-MM-DD)"),
    (diary(pain=[{"date": "2025-07-01", "value": 4}]),
     "pain[0].date 2025-07-01 is in the future (today is 2025-06-30)"),
    (diary(activity=[{"date": "2025-06-01", "minutes": -5}]), "activity[0].minutes must not be negative, got -5"),
    (diary(activity=[{"date": "2025-06-01"}]), "activity[0]: 'minutes' is missing"),
    (diary(activity=[{"date": "2025-06-01", "minutes": 30, "intensity": "extreme"}]),
     "activity[0].intensity must be one of light, moderate, vigorous, got the text 'extreme'"),
    (diary(activity=[{"date": "2025-06-01", "minutes": 30, "intensity": ["light"]}]),
     "activity[0].intensity must be one of light, moderate, vigorous, got a list"),
    (diary(activity=[{"date": "2025-06-01", "minutes": 1000}, {"date": "2025-06-01", "minutes": 500}]),
     "activity[1]: more than 24 hours of activity on 2025-06-01"),
    (diary(activity=[{"date": "2025-06-31", "minutes": 10}]), "activity[0].date is not a valid date"),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_bad_input_is_named(data: Any, message: str) -> None:
    with pytest.raises(DiaryError) as error:
        parse_diary(data, today=TODAY)
    assert str(error.value).startswith(message)
