"""The patient's and the GP's sentences: honest, never causal, never frightening."""

from __future__ import annotations

import re

import pytest

from backactive.diary.effects import Difference, Effects, LongSessions, statements
from backactive.diary.effects.words import PATIENT_GROUPS, number, texts

ENOUGH = {"threshold_minutes": 20, "pain_days": 40, "active_pairs": 15, "rest_pairs": 20}
CAUSAL = re.compile(
    r"\b(weil|verursach\w*|führt zu|bewirk\w*|linder\w*|verschlimmer\w*|wegen|"
    r"because|causes|caused|leads to|makes|reduces|relieves|worsens)\b",
    re.IGNORECASE,
)
BLAME = re.compile(r"\b(faul|lazy|non-compliant|nicht compliant|undiszipliniert|undisciplined)\b", re.IGNORECASE)


def effects(next_day: Difference | None = None, **changes: object) -> Effects:
    return Effects(**{**ENOUGH, "next_day": next_day, **changes})  # type: ignore[arg-type]


def test_every_text_has_german_and_english_with_the_same_placeholders() -> None:
    """The GP's sentences in German and English; the patient's in every patient language too."""
    loaded = texts()
    assert loaded and all({"de", "en"} <= set(v) for v in loaded.values())
    assert all(set(v) == {"de", "en"} for name, v in loaded.items() if name.split(".")[0] not in PATIENT_GROUPS)


@pytest.mark.parametrize("name", sorted(texts()))
def test_no_text_claims_a_cause_or_blames(name: str) -> None:
    for lang, text in texts()[name].items():
        if lang not in ("de", "en"):
            continue  # the word lists are German and English; the translations follow these sources
        assert not CAUSAL.search(text), (name, lang, text)
        assert not BLAME.search(text), (name, lang, text)


def test_the_issues_example_sentence_in_german_and_english() -> None:
    found = effects(Difference(difference=-1.2, low=-1.9, high=-0.5))
    assert statements(found, "de").patient.startswith(
        "In Ihren Einträgen war der Schmerz am Tag nach Bewegung im Mittel 1,2 Punkte niedriger (zwischen 0,5 und 1,9)."
    )
    assert statements(found, "en").patient.startswith(
        "In your entries, pain on the day after activity was on average 1.2 points lower (between 0.5 and 1.9)."
    )
    gp = statements(found, "de").gp
    assert "−1,2 Punkte (90-%-Intervall −1,9 bis −0,5; 15 aktive, 20 Ruhetage)" in gp
    assert "kein Nachweis einer Ursache" in gp


@pytest.mark.parametrize("interval", [(-1.0, 0.2), (-0.3, 0.0), (0.0, 0.9), (-0.4, 0.4)])
def test_an_interval_that_includes_no_difference_gives_no_claim(interval: tuple[float, float]) -> None:
    found = effects(Difference(difference=sum(interval) / 2, low=interval[0], high=interval[1]))
    de, en = statements(found, "de"), statements(found, "en")
    assert de.patient == (
        "Bisher zeigt sich in Ihren Einträgen kein klarer Unterschied zwischen dem Schmerz am Tag nach Bewegung "
        "und am Tag nach einem Ruhetag."
    )
    assert en.patient.startswith("So far your entries show no clear difference")
    assert "Kein klarer Unterschied." in de.gp and "No clear difference." in en.gp


def test_a_harmful_association_reaches_the_patient_only_as_pacing_advice() -> None:
    found = effects(Difference(difference=0.9, low=0.3, high=1.5),
                    long_sessions=LongSessions(usual_minutes=40, long_over_minutes=60, pairs=3))
    de, en = statements(found, "de"), statements(found, "en")
    assert de.patient == (
        "Kürzere Einheiten scheinen Ihnen besser zu bekommen: lieber öfter und dafür kürzer bewegen, "
        "zum Beispiel zweimal 20 Minuten statt einmal lang."
    )
    assert "Schmerz" not in de.patient and "pain" not in en.patient
    assert "Höher nach aktiven Tagen" in de.gp and "Pacing vorschlagen" in de.gp
    assert "suggest pacing" in en.gp and "The patient pages show only this advice." in en.gp


def test_pain_after_long_sessions_gives_the_gp_the_numbers_and_the_patient_pacing() -> None:
    found = effects(Difference(difference=-0.8, low=-1.4, high=-0.2),
                    long_sessions=LongSessions(usual_minutes=30, long_over_minutes=45, pairs=9,
                                               difference=1.6, low=0.7, high=2.5))
    assert found.long_session_pattern and found.pacing_advised
    de = statements(found, "de")
    assert "0,8 Punkte niedriger" in de.patient and "zweimal 15 Minuten" in de.patient
    assert "Nach langen Einheiten (über 45 min; üblich 30 min) war der Schmerz am Folgetag 1,6 Punkte höher" in de.gp


def test_what_is_missing_is_said_in_numbers() -> None:
    assert statements(effects(pain_days=8, active_pairs=5, rest_pairs=5), "de").missing == (
        "noch 6 Tage mit Schmerzeintrag"
    )
    one = statements(effects(pain_days=13, active_pairs=4, rest_pairs=2), "de")
    assert one.missing is not None
    assert one.missing.startswith("noch 1 Tag mit Schmerzeintrag, 1 aktiver Tag und 3 Ruhetage")
    assert one.patient.startswith("Für einen Vergleich von Bewegung und Schmerz reichen die Einträge noch nicht.")
    en = statements(effects(pain_days=14, active_pairs=5, rest_pairs=4), "en")
    assert en.missing is not None and en.missing.startswith("1 more rest day")
    assert statements(effects(Difference(-1, -2, -0.5)), "en").missing is None


def test_numbers_use_the_languages_decimal_mark_and_a_real_minus() -> None:
    assert number(-1.25, "de") in {"−1,2", "−1,3"} and number(1.2, "en") == "1.2"
    assert number(-0.04, "de") == "0,0"  # no "−0,0"
    assert number(-12, "en", 0) == "−12"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="lang must be one of de, en, tr, ru, uk, ar, pl"):
        statements(effects(), "fr")
