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
def test_every_barrier_is_answered_by_a_strategy_an_item_and_a_prompt(knowledge: Knowledge, barrier: str) -> None:
    answers = knowledge.answers[barrier]
    assert answers and all(a.strategy in knowledge.strategies and a.ref in knowledge.references for a in answers)
    answering = [i for i in knowledge.items.values() if barrier in i.answers]
    if barrier in knowledge.rules.conversation_only:
        assert answering == []  # feeling not taken seriously is answered in conversation only
    else:
        assert any(i.in_plan for i in answering)
    assert any(barrier in s.triggers for s in knowledge.support.values())
    assert knowledge.reasons[barrier].de and knowledge.reasons[barrier].en


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
    assert details["min_minutes"] == details["max_minutes"] == 3  # from the dose
    assert details["dose"] == {"sets": 2, "reps": 10, "hold_seconds": None, "rest_seconds": 60, "per_side": False}
    assert details["dose_text"] == "2 sets, 10 repetitions, 60 seconds' rest between sets (about 3 min)"
    assert details["components"] == ["strength"] and details["needs"] == ["standing"]
    assert details["position"] == "sitting"
    assert kb.item_details("walking", "de")["dose"] is None
    flag = kb.red_flag_info("cauda_equina", "de")
    assert flag["urgency"] == "emergency" and flag["urgency_label"].startswith("Notfall")
    assert "Notfall" in flag["action"] and flag["label"].startswith("Zeichen eines Kauda-Syndroms")


@pytest.mark.parametrize("minutes", [1, 5])
def test_the_guides_hide_reassurance_while_a_red_flag_is_open(minutes: int) -> None:
    full = kb.guide(minutes, "en")
    held_back = kb.guide(minutes, "en", red_flag_open=True)
    assert len(held_back) == len(full) - 1
    hidden = [s for s in full if s not in held_back]
    assert "harm" in hidden[0]["text"] or "damaged" in hidden[0]["text"]
    assert all("hurt does not mean harm" not in s["text"].lower() for s in held_back)


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
        (
            "activities.toml",
            'components = ["aerobic"]',
            'components = ["cardio"]',
            "walking.components: unknown code(s) cardio",
        ),
        ("activities.toml", 'components = ["aerobic"]', "components = []", "walking.components: name at least one"),
        ("activities.toml", 'needs = ["walking"]', 'needs = ["legs"]', "walking.needs: unknown code(s) legs"),
        (
            "activities.toml",
            'needs = ["water", "facility"]',
            'needs = ["facility"]',
            "swimming.needs: an item in water",
        ),
        ("activities.toml", "priority = 10", "priority = 0", "walking.priority: must be a whole number"),
        ("activities.toml", 'intensity = "moderate"', 'intensity = "extreme"', "walking.intensity: 'extreme'"),
        ("activities.toml", "reviewed = 2026-11-27", 'reviewed = "soon"', "walking.reviewed: the date"),
        ("activities.toml", 'sources = ["nvl_kreuzschmerz", "who_2020_pa"]', 'sources = ["a_blog"]', "walking.sources"),
        ("exercises.toml", 'position = "supine"', 'position = "upside_down"', "pelvic_tilt.position"),
        ("exercises.toml", 'flare_up = "also"', 'flare_up = "sometimes"', "pelvic_tilt.flare_up"),
        (
            "exercises.toml",
            "dose = { sets = 2, reps = 10, hold_seconds = 3",
            "dose = { sets = 2, hold_seconds = 0",
            "pelvic_tilt.dose",
        ),
        ("exercises.toml", ", per_side = false }", " }", "pelvic_tilt.dose.per_side: must be true or false"),
        (
            "exercises.toml",
            "[pelvic_tilt]",
            "[pelvic_tilt]\nminutes = [3, 10]",
            "pelvic_tilt: an exercise takes its minutes",
        ),
        (
            "exercises.toml",
            'movements = ["end_range_flexion"]',
            'movements = ["somersault"]',
            "knee_to_chest.movements",
        ),
        ("red_flags.toml", 'urgency = "emergency"', 'urgency = "whenever"', "red_flags.toml: cauda_equina.urgency"),
        (
            "red_flags.toml",
            "[inflammatory_signs]",
            "[inflammation]",
            "red_flags.toml: unknown red flag(s) inflammation",
        ),
        (
            "safety.toml",
            "[safety_net.pregnancy]",
            "[safety_net.pregnant]",
            "safety.toml: safety_net.pregnancy is missing",
        ),
        ("safety.toml", "[cautions.falls_risk]\nref", "[cautions.falls_risk]\nrefx", "cautions.falls_risk.ref"),
        ("rules.toml", 'refs = ["who_2020_pregnancy"]', "refs = []", "rules.toml: position_excluded_by.refs"),
        (
            "rules.toml",
            'pregnancy = ["supine", "prone"]',
            'pregnancy = ["upside_down"]',
            "position_excluded_by.pregnancy",
        ),
        (
            "rules.toml",
            'wheelchair = ["walking", "standing", "floor"]',
            'wheelchair = ["stairs"]',
            "mobility.wheelchair",
        ),
        ("support.toml", 'triggers = ["not_taken_seriously"]', 'triggers = ["rain"]', "shared_choice.triggers"),
        ("texts.toml", "[reasons.cost]", "[reasons.costs]", "texts.toml: reasons: unknown barrier costs"),
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
        path.write_text(path.read_text(encoding="utf-8").replace('"loneliness", ', ""), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="barrier loneliness is answered by no activity"):
        load_knowledge(broken / "knowledge", broken / "drawings")


def test_an_exercise_answering_feeling_unheard_is_rejected(broken: Path) -> None:
    _edit(broken, "exercises.toml", 'answers = ["closures", "cost", "time"]', 'answers = ["not_taken_seriously"]')
    with pytest.raises(KnowledgeError, match="answers not_taken_seriously, which only conversation answers"):
        load_knowledge(broken / "knowledge", broken / "drawings")


def test_a_barrier_without_a_support_prompt_is_rejected(broken: Path) -> None:
    _edit(broken, "support.toml", 'triggers = ["cost"]', "triggers = []")
    with pytest.raises(KnowledgeError, match="barrier cost is answered by no support prompt"):
        load_knowledge(broken / "knowledge", broken / "drawings")


def test_too_few_items_for_wheelchair_users_is_rejected(broken: Path) -> None:
    path = broken / "knowledge" / "exercises.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("needs = []", 'needs = ["standing"]'), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="items a wheelchair user can do, at least 6"):
        load_knowledge(broken / "knowledge", broken / "drawings")


def test_a_missing_file_is_rejected(broken: Path) -> None:
    (broken / "knowledge" / "support.toml").unlink()
    with pytest.raises(KnowledgeError, match=r"support\.toml: file is missing"):
        load_knowledge(broken / "knowledge", broken / "drawings")
