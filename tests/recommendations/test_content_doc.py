"""docs/clinical-content.md lists every item with its source, contraindications and last review,
and stays in step with the knowledge; the contraindications it shows are the engine's."""

from __future__ import annotations

from pathlib import Path

import pytest

from backactive.core import codes
from backactive.recommendations.context import build_context
from backactive.recommendations.knowledge import Knowledge
from backactive.recommendations.knowledge.content_doc import render
from backactive.recommendations.knowledge.contraindications import contraindications
from backactive.recommendations.profile import validate_profile
from backactive.recommendations.selection import excluded

from .conftest import make_profile

DOC = Path(__file__).resolve().parents[2] / "docs" / "clinical-content.md"


def test_the_content_list_is_up_to_date() -> None:
    expected = render()
    assert DOC.read_text(encoding="utf-8") == expected, (
        "docs/clinical-content.md is stale: run "
        ".venv/bin/python -m backactive.recommendations.knowledge.content_doc > docs/clinical-content.md"
    )


def test_every_item_is_listed_with_source_and_review_date(knowledge: Knowledge) -> None:
    text = DOC.read_text(encoding="utf-8")
    for item in knowledge.items.values():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{item.code}` |"))
        assert item.reviewed.isoformat() in row
        assert knowledge.references[item.sources[0]].title.en in row
    assert "Keele" in text and "Pfizer" in text and "instruments.md" in text


def _excluded(knowledge: Knowledge, item_code: str, **changes: object) -> bool:
    data = make_profile(age=30, max_minutes_per_session=1440, preferences={"enjoys": [item_code]}, **changes)
    return excluded(knowledge.items[item_code], build_context(validate_profile(data), knowledge, "de"))


@pytest.mark.parametrize("kind", ["conditions", "barriers", "mobility", "floor_not_ok"])
def test_contraindications_are_what_the_engine_applies(knowledge: Knowledge, kind: str) -> None:
    for code, item in knowledge.items.items():
        contra = contraindications(item, knowledge)
        if kind == "conditions":
            for c in codes.CONDITIONS:
                assert _excluded(knowledge, code, conditions=[c]) == (c in contra["conditions"]), (code, c)
        elif kind == "barriers":
            for b in codes.BARRIERS:
                assert _excluded(knowledge, code, barriers=[b]) == (b in contra["barriers"]), (code, b)
        elif kind == "mobility":
            for m in codes.MOBILITY:
                assert _excluded(knowledge, code, mobility=m) == (m in contra["mobility"]), (code, m)
        else:
            assert _excluded(knowledge, code, floor_ok=False) == contra["floor_not_ok"], code
