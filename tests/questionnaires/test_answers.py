"""Answer checks shared by every instrument: one line naming the item, unknown keys refused."""

from __future__ import annotations

import pytest

from backactive import questionnaires as q


@pytest.mark.parametrize(
    ("answers", "item", "line"),
    [
        ({"interest": 1}, "down", "down: is missing"),
        ({"interest": 1, "down": None}, "down", "down: is missing"),
        ({"interest": 1, "down": 4}, "down", "down: 4 is out of range (0 to 3)"),
        ({"interest": -1, "down": 0}, "interest", "interest: -1 is out of range (0 to 3)"),
        ({"interest": 1.0, "down": 0}, "interest", "interest: must be a whole number from 0 to 3"),
        ({"interest": True, "down": 0}, "interest", "interest: must be a whole number from 0 to 3"),
        ({"interest": "2", "down": 0}, "interest", "interest: must be a whole number from 0 to 3"),
        ({"interest": 1, "down": 0, "mood": 1}, "mood", "mood: is not an item of phq2 (items: interest, down)"),
        ([1, 2], "answers", "answers: must be an object of item keys and numbers"),
    ],
)
def test_each_problem_is_one_line_naming_the_item(answers: object, item: str, line: str) -> None:
    with pytest.raises(q.AnswerError) as caught:
        q.score("phq2", answers)
    assert caught.value.item == item and str(caught.value) == line and "\n" not in line


def test_partial_answers_are_checked_but_may_be_incomplete() -> None:
    assert q.check("phq4", {"down": 2}, partial=True) == {"down": 2}
    assert q.check("phq4", {}, partial=True) == {}
    with pytest.raises(q.AnswerError, match="down: 5 is out of range"):
        q.check("phq4", {"down": 5}, partial=True)
    with pytest.raises(q.AnswerError, match="nervous: is missing"):
        q.check("phq4", {"down": 2})


def test_an_unknown_instrument_is_named() -> None:
    with pytest.raises(q.UnknownInstrument, match="unknown instrument 'phq9'"):
        q.score("phq9", {})
