"""PHQ-2 and PHQ-4: sums, the screens at 3 or more, and one stored answer for both."""

from __future__ import annotations

import itertools

import pytest

from backactive import questionnaires as q


def test_phq2_sums_its_two_items_and_is_positive_from_three() -> None:
    assert q.score("phq2", {"interest": 0, "down": 0}) == {"total": 0, "positive": False}
    assert q.score("phq2", {"interest": 1, "down": 1}) == {"total": 2, "positive": False}
    assert q.score("phq2", {"interest": 2, "down": 1}) == {"total": 3, "positive": True}
    assert q.score("phq2", {"interest": 3, "down": 3}) == {"total": 6, "positive": True}


def test_phq4_totals_subscales_screens_and_severity() -> None:
    result = q.score("phq4", {"nervous": 2, "worry": 1, "interest": 0, "down": 1})
    assert result == {
        "total": 4,
        "phq2": 1,
        "gad2": 3,
        "phq2_positive": False,
        "gad2_positive": True,
        "severity": "mild",
    }
    assert [b for b in result.values() if isinstance(b, bool)] == [False, True]  # its only booleans


@pytest.mark.parametrize(
    ("total", "severity"),
    [
        (0, "normal"),
        (2, "normal"),
        (3, "mild"),
        (5, "mild"),
        (6, "moderate"),
        (8, "moderate"),
        (9, "severe"),
        (12, "severe"),
    ],
)
def test_phq4_severity_bands(total: int, severity: str) -> None:
    values = [min(3, max(0, total - 3 * i)) for i in range(4)]
    answers = dict(zip(("nervous", "worry", "interest", "down"), values, strict=True))
    assert q.score("phq4", answers)["total"] == total
    assert q.score("phq4", answers)["severity"] == severity


def test_phq2_is_the_same_answer_as_the_phq4_depression_items() -> None:
    """One stored answer, not two: PHQ-2 reads its items out of a PHQ-4 answer set."""
    assert q.instrument("phq2").items == q.instrument("phq4").items[2:]
    assert q.instrument("phq2").part_of == "phq4"
    for values in itertools.product(range(4), repeat=4):
        answers = dict(zip(("nervous", "worry", "interest", "down"), values, strict=True))
        phq4 = q.score("phq4", answers)
        phq2 = q.score("phq2", q.part("phq2", answers))
        assert (phq2["total"], phq2["positive"]) == (phq4["phq2"], phq4["phq2_positive"])


def test_phq4_texts_are_shipped_in_both_languages() -> None:
    phq4 = q.instrument("phq4")
    assert phq4.text_langs == ("de", "en") and phq4.has_text("de")
    down = phq4.item("down")
    assert down.text["de"] == "Niedergeschlagenheit, Schwermut oder Hoffnungslosigkeit"
    assert [o.label.get("de") for o in down.options if o.label] == [
        "Überhaupt nicht",
        "An einzelnen Tagen",
        "An mehr als der Hälfte der Tage",
        "Beinahe jeden Tag",
    ]
