"""The knowledge files: complete, consistent, bilingual; a broken file is caught at load."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from backactive.core import codes
from backactive.recommendations import knowledge as kb
from backactive.recommendations.knowledge import Knowledge, KnowledgeError, load_knowledge
from backactive.recommendations.knowledge.loader import DRAWINGS_DIR, KNOWLEDGE_DIR

SVG = "{http://www.w3.org/2000/svg}"
STUDY_STRATEGIES = (
    "sustainability",
    "enjoyment",
    "easy_start",
    "group",
    "commitment",
    "low_threshold",
    "autonomy",
    "self_efficacy",
)


def test_knowledge_is_loaded_once(knowledge: Knowledge) -> None:
    assert load_knowledge() is load_knowledge() is knowledge


def test_the_study_strategies_are_all_there(knowledge: Knowledge) -> None:
    assert set(STUDY_STRATEGIES) <= set(knowledge.strategies)


@pytest.mark.parametrize("barrier", list(codes.BARRIERS))
def test_every_barrier_is_answered_by_a_strategy_and_an_item(knowledge: Knowledge, barrier: str) -> None:
    answers = knowledge.answers[barrier]
    assert answers and all(a.strategy in knowledge.strategies and a.ref in knowledge.references for a in answers)
    assert any(barrier in item.answers for item in knowledge.items.values())


def test_enough_items_of_each_kind_with_high_impact_ones(knowledge: Knowledge) -> None:
    items = knowledge.items.values()
    assert len(knowledge.items) >= 40
    assert {i.kind for i in items} == {"activity", "exercise"}
    assert len([i for i in items if i.impact == "high"]) >= 3
    assert {i.setting for i in items} == set(codes.SETTINGS)


def test_fifteen_home_exercises_have_well_formed_drawings(knowledge: Knowledge) -> None:
    drawn = [i for i in knowledge.items.values() if i.kind == "exercise" and i.setting == "home" and i.drawing]
    assert len(drawn) >= 15
    for item in drawn:
        assert item.drawing is not None
        root = ET.parse(item.drawing).getroot()
        assert root.tag == f"{SVG}svg" and root.get("viewBox")
        title = root.find(f"{SVG}title")
        assert title is not None and title.text


def test_every_text_exists_in_german_and_english(knowledge: Knowledge) -> None:
    texts = [t for i in knowledge.items.values() for t in (i.title, i.why, i.instructions)]
    texts += [t for s in knowledge.strategies.values() for t in (s.title, s.explanation)]
    texts += [a.why for answers in knowledge.answers.values() for a in answers]
    texts += [t for steps in knowledge.guides.values() for s in steps for t in (s.heading, s.text)]
    assert all(t.de.strip() and t.en.strip() and t.de != t.en for t in texts)


def test_no_blaming_words_anywhere() -> None:
    text = "\n".join(p.read_text(encoding="utf-8").lower() for p in KNOWLEDGE_DIR.glob("*.toml"))
    for word in ("non-compliant", "noncompliant", "lazy", "couch potato", " faul", "compliance", "unmotiviert"):
        assert word not in text


def test_helpers_for_screens_diary_and_handouts() -> None:
    titles = kb.activity_titles()
    assert titles["walking"] == ("Spazierengehen", "Walking")
    choices = kb.activity_choices("en")
    assert choices[-1] == ("other", "Other activity") and len(choices) == len(titles) + 1
    assert kb.item_instructions("bridge", "de").startswith("Legen Sie sich")
    assert kb.drawing_path("bridge") == DRAWINGS_DIR / "bridge.svg"
    assert kb.drawing_static_path("bridge") == "recommendations/exercises/bridge.svg"
    assert kb.drawing_path("walking") is None and kb.drawing_static_path("walking") is None
    assert len(kb.guide(1, "de")) < len(kb.guide(5, "en"))
    assert "hurt does not mean harm" in " ".join(s["text"] for s in kb.guide(1, "en")).lower()
    assert kb.barrier_answers("time", "en")[0]["reference"].startswith("WHO 2020")
    assert kb.strategy_text("pacing", "de")["title"] == "Dosieren"
    details = kb.item_details("sit_to_stand", "en")
    assert details["equipment"] == ["sturdy chair"] and details["drawing"].endswith("sit_to_stand.svg")
    assert (details["min_minutes"], details["max_minutes"]) == (2, 8)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    shutil.copytree(KNOWLEDGE_DIR, tmp_path / "knowledge", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    shutil.copytree(DRAWINGS_DIR, tmp_path / "drawings")
    return tmp_path


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "knowledge" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_intact_copy_loads(broken: Path) -> None:
    assert len(load_knowledge(broken / "knowledge", broken / "drawings").items) >= 40


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "activities.toml",
            'title = { de = "Spazierengehen", en = "Walking" }',
            'title = { de = "Spazierengehen" }',
            "activities.toml: walking.title: text missing in en",
        ),
        (
            "activities.toml",
            'answers = ["inactive_lifestyle", "time"',
            'answers = ["idleness", "time"',
            "activities.toml: walking.answers: unknown code(s) idleness",
        ),
        (
            "activities.toml",
            'excluded_by = ["balance_problems"]',
            'excluded_by = ["bad_knees"]',
            "activities.toml: hiking.excluded_by: unknown code(s) bad_knees",
        ),
        (
            "exercises.toml",
            'strategies = ["easy_start", "reassurance", "low_threshold"]',
            'strategies = ["nudging"]',
            "exercises.toml: pelvic_tilt.strategies: unknown code(s) nudging",
        ),
        ("activities.toml", 'impact = "high"', 'impact = "extreme"', "running.impact: 'extreme' is not one of"),
        ("activities.toml", "minutes = [10, 60]", "minutes = [60, 10]", "walking: minutes must be [min, max]"),
        ("barriers.toml", 'strategy = "sustainability"', 'strategy = "willpower"', "routine[0].strategy: 'willpower'"),
        ("barriers.toml", 'ref = "study_internal"', 'ref = "a_blog"', "routine[0].ref: 'a_blog'"),
        ("barriers.toml", "[[cost]]", "[[costs]]", "barriers.toml: unknown barrier(s) costs"),
        (
            "guides.toml",
            'heading = { de = "Offen fragen", en = "Ask openly" }',
            'heading = { de = "Offen fragen" }',
            "guides.toml: one_minute[0].heading: text missing in en",
        ),
        ("rules.toml", 'barriers = ["closures"]', 'barriers = ["lockdown"]', "facility_excluded_by.barriers"),
        (
            "rules.toml",
            'families = ["balance"',
            'families = ["juggling"',
            "older_adults.families: unknown family juggling",
        ),
        ("rules.toml", "pain_at_least = 7", "pain_at_least = 70", "gentle_start.pain_at_least must be a number"),
        (
            "strategies.toml",
            'explanation.en = "What people enjoy',
            'explanation.fr = "What people enjoy',
            "strategies.toml: enjoyment.explanation: text missing in en",
        ),
        ("texts.toml", "[why.suits]", "[why.fits]", "texts.toml: why.suits"),
        ("exercises.toml", "[bridge]", "[bridge", "exercises.toml:"),
    ],
)
def test_a_broken_file_is_rejected_with_its_name(broken: Path, name: str, old: str, new: str, message: str) -> None:
    _edit(broken, name, old, new)
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(broken / "knowledge", broken / "drawings")
    assert message in str(error.value)


def test_a_missing_drawing_is_rejected(broken: Path) -> None:
    (broken / "drawings" / "bridge.svg").unlink()
    with pytest.raises(KnowledgeError, match=r"bridge: drawing bridge\.svg is missing"):
        load_knowledge(broken / "knowledge", broken / "drawings")


def test_a_barrier_no_item_answers_is_rejected(broken: Path) -> None:
    for name in ("activities.toml", "exercises.toml"):
        path = broken / "knowledge" / name
        path.write_text(path.read_text(encoding="utf-8").replace('"not_taken_seriously", ', ""), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="barrier not_taken_seriously is answered by no activity"):
        load_knowledge(broken / "knowledge", broken / "drawings")


def test_a_missing_file_is_rejected(broken: Path) -> None:
    (broken / "knowledge" / "support.toml").unlink()
    with pytest.raises(KnowledgeError, match=r"support\.toml: file is missing"):
        load_knowledge(broken / "knowledge", broken / "drawings")
