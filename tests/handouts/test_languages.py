"""The handout in every patient language (issue 19): every word in that language, no missing
glyph (the PDF's fonts are the shipped ones, and no text draws glyph 0, ``.notdef``), Arabic right
to left with Noto Sans Arabic, German beside the safety texts until a native speaker has reviewed
them, and the bilingual option with German headings and doses."""

from __future__ import annotations

import copy
import io
import subprocess
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.core.management import call_command
from pypdf.generic import ContentStream

from backactive.core.languages import ADDED_LANGS, PATIENT_LANGS
from backactive.handouts.context import LABELS, handout_context
from backactive.handouts.render import render_handout
from backactive.recommendations import knowledge
from backactive.recommendations.engine import recommend
from tests.handouts.helpers import pdf_text

PROFILE: dict[str, Any] = {
    "age": 58, "pain": 5, "active_minutes_per_week": 40, "barriers": ["time", "cost", "fear_avoidance"],
    "conditions": ["osteoporosis"], "red_flags": ["night_pain"], "red_flags_cleared": ["night_pain"],
    "preferences": {"social": "any", "setting": "any", "enjoys": ["walking"]},
    "max_minutes_per_session": 45, "wants_goals": True, "wants_reminders": True,
}
SHIPPED_FONTS = {"LiberationSans", "LiberationSans-Bold", "LiberationSans-Italic", "NotoSansArabic-Regular",
                 "NotoSansArabic-Bold"}


def _plan(lang: str) -> dict[str, Any]:
    plan = recommend(copy.deepcopy(PROFILE), lang=lang)
    plan |= {"patient": {"display_name": "Ayşe Yılmaz", "pain_scale": "numeric"},
             "practice": {"name": "Hausarztpraxis Dr. Weber", "phone": "06421 123456"},
             "date": "2026-11-27"}
    return plan


def notdef_glyphs(pdf: bytes) -> int:
    """How many glyphs the PDF's text draws with glyph 0 (.notdef, a box or nothing). Typst writes
    every font as a CID font (Identity-H), so a text string is a run of two-byte glyph ids."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found = 0
    for page in reader.pages:
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator not in (b"Tj", b"TJ"):
                continue
            for part in operands[0] if operator == b"TJ" else [operands[0]]:
                raw = getattr(part, "original_bytes", None)
                if raw is None:
                    continue
                found += sum(1 for i in range(0, len(raw) - 1, 2) if raw[i] == 0 and raw[i + 1] == 0)
    return found


def fonts(pdf: bytes, tmp_path: Path) -> list[tuple[str, bool]]:
    """(font name without subset prefix, embedded) for every font, as poppler's pdffonts lists them."""
    path = tmp_path / "handout.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    out = []
    for line in listing.splitlines()[2:]:
        parts = line.split()
        name = parts[0].split("+", 1)[-1]
        emb = parts[-5]  # columns: ... emb sub uni object ID
        out.append((name, emb == "yes"))
    return out


def test_the_notdef_check_finds_a_missing_glyph() -> None:
    """The check itself: a name in a script no shipped font covers draws .notdef."""
    plan = _plan("de")
    plan["patient"]["display_name"] = "漢字"
    assert notdef_glyphs(render_handout(plan)) > 0


@pytest.mark.parametrize("lang", PATIENT_LANGS)
def test_the_handout_renders_in_every_language_with_every_glyph(lang: str, tmp_path: Path) -> None:
    plan = _plan(lang)
    for bilingual in (False, True):
        pdf = render_handout(plan, bilingual=bilingual)
        assert notdef_glyphs(pdf) == 0, (lang, bilingual)
        found = fonts(pdf, tmp_path)
        assert found and all(embedded for _, embedded in found), found
        assert {name for name, _ in found} <= SHIPPED_FONTS, found  # no fallback to Typst's own fonts
        assert ("NotoSansArabic-Regular" in {name for name, _ in found}) == (lang == "ar")


@pytest.mark.parametrize("lang", ["tr", "ru", "uk", "pl"])
def test_every_word_is_in_the_language(lang: str) -> None:
    """Headings, item titles, doses and the safety net in the language; the plan's why from the
    engine; no German heading unless bilingual."""
    plan = _plan(lang)
    text = pdf_text(render_handout(plan))
    labels = LABELS[lang]
    for key in ("title", "plan_heading", "safety_heading", "flare_heading", "prescription_heading"):
        assert labels[key] in text, key
    for item in plan["items"]:
        assert item["title"] in text
    assert knowledge.safety_entry("seek_care_now", lang)[:40] in text
    assert LABELS["de"]["plan_heading"] not in text and LABELS["de"]["safety_heading"] not in text


@pytest.mark.parametrize("lang", ADDED_LANGS)
def test_unreviewed_safety_texts_carry_the_german_original(lang: str) -> None:
    context = handout_context(_plan(lang))
    entries = context["safety_net"]
    assert entries and all(e["de"] for e in entries)
    assert entries[0]["de"] == knowledge.safety_entry("seek_care_now", "de")
    assert any(e["de"] == knowledge.safety_entry("watch_night_pain", "de") for e in entries)  # red-flag watch text
    assert context["flare_up"]["text_de"] == knowledge.flare_up_text("de")
    german = handout_context(_plan("de"))
    assert not any(e["de"] for e in german["safety_net"]) and not german["flare_up"]["text_de"]


@pytest.mark.parametrize("lang", ADDED_LANGS)
def test_the_education_card_on_bad_days_carries_the_german_until_reviewed(lang: str) -> None:
    """The card on bad days is the flare-up plan in other words and names the red flags: a safety
    text. The other cards print without German beside them."""
    cards = {c["code"]: c for c in handout_context(_plan(lang))["education"]}
    german = {c["code"]: c for c in knowledge.education_cards("de")}
    assert [line["de"] for line in cards["flare_up"]["lines"]] == german["flare_up"]["paragraphs"]
    assert all(line["text"] != line["de"] for line in cards["flare_up"]["lines"])
    assert not any(line["de"] for code in ("pain_not_damage", "sleep", "work") for line in cards[code]["lines"])
    assert not any(line["de"] for c in handout_context(_plan("de"))["education"] for line in c["lines"])


def test_a_reviewed_language_prints_no_german_beside_its_safety_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    from backactive.handouts import context as module

    monkeypatch.setattr(module, "safety_reviewed", lambda lang: True)
    context = handout_context(_plan("tr"))
    assert not any(e["de"] for e in context["safety_net"]) and not context["flare_up"]["text_de"]
    assert not any(line["de"] for card in context["education"] for line in card["lines"])


def test_bilingual_prints_german_headings_and_doses_beside() -> None:
    plan = _plan("ru")
    plain, both = pdf_text(render_handout(plan)), pdf_text(render_handout(plan, bilingual=True))
    assert "Was Sie sich vornehmen" not in plain and "Was Sie sich vornehmen" in both
    assert "Wie oft" in both and "Ihre Übungen" in both
    context = handout_context(plan, bilingual=True)
    exercise = context["exercises"][0]
    assert exercise["line_de"] and ("Wiederholung" in exercise["line_de"] or "Sekunden" in exercise["line_de"])
    assert context["items"][0]["often_de"] and context["de"]["title"] == "Ihr Bewegungsplan"
    assert handout_context(_plan("de"), bilingual=True)["de"] is None  # nothing doubles a German handout


def test_arabic_is_laid_out_right_to_left() -> None:
    context = handout_context(_plan("ar"))
    assert context["dir"] == "rtl" and handout_context(_plan("tr"))["dir"] == "ltr"
    assert context["labels"]["title"] == "خطتك للحركة"
    assert all("0" <= ch <= "9" for ch in context["items"][0]["long"] if ch.isdigit())  # Western digits


def test_a_german_plan_prints_in_the_patients_language(plan_de: dict[str, Any]) -> None:
    """The GP's plan is German; printed for a Turkish patient, every known item and the safety
    net are retold in Turkish."""
    context = handout_context(plan_de, "tr")
    known = [i for i in context["items"] if i["kind"] in ("activity", "exercise")]
    assert known and all(i["title"] == knowledge.item(i["code"]).title.get("tr") for i in known
                         if i["code"] in knowledge.load_knowledge().items)


def test_the_command_accepts_every_language_and_bilingual(tmp_path: Path) -> None:
    import json

    source = tmp_path / "plan.json"
    source.write_text(json.dumps(_plan("de")), encoding="utf-8")
    for lang in ADDED_LANGS:
        out = tmp_path / f"{lang}.pdf"
        call_command("handout", str(source), "--out", str(out), "--lang", lang, "--bilingual", stdout=io.StringIO())
        assert out.read_bytes()[:5] == b"%PDF-" and notdef_glyphs(out.read_bytes()) == 0
