"""PEG: the mean of three 0–10 items (Krebs 2009)."""

from __future__ import annotations

import pytest

from backactive import questionnaires as q


@pytest.mark.parametrize(
    ("p", "e", "g", "score"), [(0, 0, 0, 0.0), (5, 5, 5, 5.0), (5, 6, 8, 6.33), (10, 9, 9, 9.33), (10, 10, 10, 10.0)]
)
def test_score_is_the_mean_of_the_three_items(p: int, e: int, g: int, score: float) -> None:
    answers = {"pain_average": p, "interference_enjoyment": e, "interference_activity": g}
    assert q.score("peg", answers) == {"score": score}


def test_english_only_no_validated_german_version() -> None:
    peg = q.instrument("peg")
    assert peg.text_langs == ("en",) and not peg.has_text("de")
    assert peg.item("pain_average").anchors["en"] == ("No pain", "Pain as bad as you can imagine")
