"""The home exercise library of issue 17: enough exercises of each kind, three levels each with a
dose, position, components, needs, contraindications and a source; education cards."""

from __future__ import annotations

import re

import pytest

from backactive.core import codes
from backactive.exercises.figures.library import figures
from backactive.recommendations.knowledge import Knowledge, education_cards, load_knowledge
from backactive.recommendations.knowledge.contraindications import contraindications
from tests.recommendations.test_content import DOSE_IN_TEXT, NOCEBO


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def home_exercises(knowledge: Knowledge) -> list:
    return [i for i in knowledge.items.values() if i.kind == "exercise" and i.setting == "home"]


def test_at_least_forty_home_exercises_each_drawn_in_three_levels(knowledge: Knowledge) -> None:
    exercises = home_exercises(knowledge)
    assert len(exercises) >= 40
    for item in exercises:
        assert item.code in figures() and item.drawing is not None, item.code
        assert [lv.level for lv in item.levels] == [1, 2, 3]
        assert item.level(2).dose == item.dose and item.level(2).instructions == item.instructions
        assert item.position in codes.POSITIONS and item.components and item.sources


def test_each_level_differs_from_the_standard(knowledge: Knowledge) -> None:
    for item in home_exercises(knowledge):
        standard = item.level(2)
        for other in (item.level(1), item.level(3)):
            assert (other.dose, other.instructions) != (standard.dose, standard.instructions), item.code
        if item.level(1).instructions == standard.instructions:  # same movement: less work
            assert item.level(1).dose.seconds() <= standard.dose.seconds(), item.code
        if item.level(3).instructions == standard.instructions:
            assert item.level(3).dose.seconds() >= standard.dose.seconds(), item.code


def test_the_mix_the_issue_asks_for(knowledge: Knowledge) -> None:
    exercises = home_exercises(knowledge)
    strength = [i for i in exercises if "strength" in i.components]
    balance = [i for i in exercises if "balance" in i.components]
    # a wheelchair user cannot meet walking, standing or floor (rules.toml)
    cannot = knowledge.rules.mobility_cannot["wheelchair"]
    wheelchair = [i for i in exercises if not cannot & set(i.needs)]
    pregnancy = [i for i in exercises if "pregnancy" not in contraindications(i, knowledge)["conditions"]]
    osteoporosis_resistance = [
        i for i in strength if "osteoporosis" in i.suits and "osteoporosis_exercise" in i.sources
    ]
    assert len(strength) >= 12 and len(balance) >= 6 and len(wheelchair) >= 6 and len(pregnancy) >= 6
    assert len(osteoporosis_resistance) >= 3
    assert {"mobility", "relaxation"} <= {
        "mobility" if "flexibility" in i.components else "relaxation" if "relaxation" in i.components else ""
        for i in exercises
    }
    assert "progressive_muscle_relaxation" in knowledge.items


def test_lying_on_the_back_is_excluded_in_pregnancy_by_position(knowledge: Knowledge) -> None:
    supine = [i for i in home_exercises(knowledge) if i.position == "supine"]
    assert supine and all("pregnancy" in contraindications(i, knowledge)["conditions"] for i in supine)


def test_level_instructions_state_no_dose_and_no_nocebo_words(knowledge: Knowledge) -> None:
    for item in home_exercises(knowledge):
        for lv in item.levels:
            for lang in codes.LANGS:
                text = lv.instructions.get(lang)
                assert not DOSE_IN_TEXT.search(text), f"{item.code} level {lv.level} {lang}"
                assert not [p for p in NOCEBO if p in text.lower()], f"{item.code} level {lv.level} {lang}"


@pytest.mark.parametrize("lang", codes.LANGS)
def test_education_cards_in_plain_words(lang: str) -> None:
    cards = education_cards(lang)
    assert [c["code"] for c in cards] == ["pain_not_damage", "flare_up", "sleep", "work"]
    titles = {"de": "Schmerz heißt nicht Schaden", "en": "Pain does not mean damage"}
    if lang in titles:
        assert cards[0]["title"] == titles[lang]
    else:  # the patient languages have their own (no German fallback)
        assert cards[0]["title"] and cards[0]["title"] not in titles.values()
    for card in cards:
        text = " ".join(card["paragraphs"]).lower()
        assert card["paragraphs"] and not [p for p in NOCEBO if p in text]
        assert not re.search(r"\b(faul|lazy|schuld|fault)\b", text)
