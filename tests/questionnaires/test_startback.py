"""STarT Back: the two recorded scores and Keele's risk groups; no item text shipped."""

from __future__ import annotations

import pytest

from backactive import questionnaires as q


def keele_flowchart(total: int, psychosocial: int) -> str:
    """Keele's scoring chart, written out independently of the module."""
    if total <= 3:
        return "low"
    return "medium" if psychosocial <= 3 else "high"


@pytest.mark.parametrize(
    ("total", "psychosocial", "group"),
    [
        (0, 0, "low"),
        (3, 0, "low"),
        (3, 3, "low"),
        (4, 0, "medium"),
        (4, 3, "medium"),
        (7, 3, "medium"),
        (4, 4, "high"),
        (9, 5, "high"),
        (5, 5, "high"),
    ],
)
def test_risk_groups_at_the_boundaries(total: int, psychosocial: int, group: str) -> None:
    assert q.score("startback", {"total": total, "psychosocial": psychosocial}) == {
        "total": total,
        "psychosocial": psychosocial,
        "risk_group": group,
    }


def test_every_possible_score_pair_follows_the_keele_chart() -> None:
    possible = [(t, p) for t in range(10) for p in range(6) if p <= t <= p + 4]
    assert len(possible) == 30
    for total, psychosocial in possible:
        group = q.score("startback", {"total": total, "psychosocial": psychosocial})["risk_group"]
        assert group == keele_flowchart(total, psychosocial), (total, psychosocial)


@pytest.mark.parametrize(
    ("answers", "line"),
    [
        ({"total": 2, "psychosocial": 3}, "psychosocial: 3 is larger than the total 2"),
        ({"total": 9, "psychosocial": 4}, "total: 9 is more than 4 above the psychosocial subscale 4"),
        ({"total": 10, "psychosocial": 5}, "total: 10 is out of range (0 to 9)"),
        ({"total": 4}, "psychosocial: is missing"),
    ],
)
def test_impossible_score_pairs_name_the_item(answers: dict[str, int], line: str) -> None:
    with pytest.raises(q.AnswerError) as caught:
        q.score("startback", answers)
    assert str(caught.value) == line


def test_the_keele_item_text_is_not_shipped() -> None:
    startback = q.instrument("startback")
    assert startback.text_langs == () and not startback.has_text("en")
    assert all(not item.text for item in startback.items)
    assert "Keele" in startback.licence
