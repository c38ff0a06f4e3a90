"""The rendered PDF: content in both languages, sane page count, same bytes for the same plan,
and a file poppler can turn into pictures."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pypdf
import pytest

from backactive.handouts.render import render_handout
from tests.handouts.helpers import pdf_pages, pdf_text


def _page_count(pdf: bytes) -> int:
    import io

    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_plan_items_with_frequency_duration_intensity_and_reason_are_printed(
    lang: str, plan_de: dict[str, Any], plan_en: dict[str, Any]
) -> None:
    plan = plan_de if lang == "de" else plan_en
    text = pdf_text(render_handout(plan))
    for item in plan["items"]:
        assert item["title"] in text
        assert item["why"] in text
    if lang == "de":
        assert "2-mal pro Woche" in text and "20 Minuten am Stück" in text
        assert "mittel: Sprechen geht, Singen nicht" in text
    else:
        assert "2 times a week" in text and "20 minutes at a time" in text
        assert "moderate: you can talk, not sing" in text


def test_the_german_handout_has_the_signed_prescription(plan_de: dict[str, Any]) -> None:
    pages = pdf_pages(render_handout(plan_de))
    prescription = next(p for p in pages if "Bewegungsrezept" in p)
    for words in (
        "Art der Bewegung",
        "Häufigkeit",
        "Dauer",
        "Intensität",
        "Zügig spazieren gehen",
        "Wassergymnastik in der Gruppe",
        "45 Min.",
        "Dr. med. Anna Weber",
        "Unterschrift / Praxisstempel",
        "26. November 2026",
        "bis etwa 150 Minuten",
    ):
        assert words in prescription
    # Support items are talked about, not prescribed.
    assert "Über Stimmung und Antrieb sprechen" not in prescription.split("Bewegungsrezept", 1)[1]


def test_the_english_handout_has_the_signed_prescription(plan_en: dict[str, Any]) -> None:
    text = pdf_text(render_handout(plan_en))
    for words in (
        "Activity prescription",
        "Type of activity",
        "Frequency",
        "Duration",
        "Intensity",
        "Signature / practice stamp",
        "26 November 2026",
        "Weber Family Practice",
    ):
        assert words in text


@pytest.mark.parametrize("lang", ["de", "en"])
def test_offers_are_listed_with_address_times_distance_certification_and_osm_credit(
    lang: str, plan_de: dict[str, Any], plan_en: dict[str, Any]
) -> None:
    plan = plan_de if lang == "de" else plan_en
    text = pdf_text(render_handout(plan))
    for offer in plan["offers"]:
        assert offer["name"] in text
        assert offer["address"] in text
        assert offer["times"] in text
    assert ("1,8 km entfernt" if lang == "de" else "1.8 km away") in text
    assert "§ 20 SGB V" in text
    assert ("Rehasport (mit Verordnung)" if lang == "de" else "Rehasport (with a prescription)") in text
    assert text.count("© OpenStreetMap contributors, ODbL") == 1


def test_exercises_goal_contact_and_diary_are_printed(plan_en: dict[str, Any]) -> None:
    text = pdf_text(render_handout(plan_en))
    for step in plan_en["exercises"]["bridge"]["instructions"]:
        assert step in text
    assert "120 minutes of activity a week" in text
    assert plan_en["goal"]["text"] in text
    assert "06421 123456" in text and "Bahnhofstraße 12, 35037 Marburg" in text
    assert "Invitation code: 7KQ2-XM4D" in text
    assert "Reminders in your calendar" in text
    assert "Your week diary" in text and "Sunday" in text


def test_the_language_can_be_overridden(plan_en: dict[str, Any]) -> None:
    text = pdf_text(render_handout(plan_en, lang="de"))
    assert "Ihr Bewegungsplan" in text and "Bewegungsrezept" in text
    assert "Brisk walking" in text  # item titles stay as the plan wrote them


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_full_handout_has_a_sane_number_of_pages_with_the_diary_last(
    lang: str, plan_de: dict[str, Any], plan_en: dict[str, Any]
) -> None:
    pages = pdf_pages(render_handout(plan_de if lang == "de" else plan_en))
    # Plan, prescription, exercises, bad days, the four education cards, offers, chart: four
    # portrait pages at most, then the diary.
    assert 2 <= len(pages) <= 5
    assert ("Ihr Wochentagebuch" if lang == "de" else "Your week diary") in pages[-1]


def test_a_bare_recommendation_prints_on_two_to_four_pages(minimal_plan: dict[str, Any]) -> None:
    pdf = render_handout(minimal_plan)
    # The education cards ("Good to know") take half a page of their own.
    assert 2 <= _page_count(pdf) <= 4
    text = pdf_text(pdf)
    assert "Brisk walking" in text
    assert "OpenStreetMap" not in text
    assert "Invitation code" not in text and "Reminders in your calendar" not in text


def test_the_calendar_code_appears_only_when_reminders_were_chosen(plan_en: dict[str, Any]) -> None:
    plan_en["reminders"] = None
    text = pdf_text(render_handout(plan_en))
    assert "Reminders in your calendar" not in text
    assert "Your patient pages" in text


def test_the_same_plan_gives_the_same_bytes(plan_de: dict[str, Any]) -> None:
    assert render_handout(plan_de) == render_handout(plan_de)


@pytest.mark.parametrize("scale", ["numeric", "vas", "faces"])
def test_each_pain_scale_renders_to_png_with_pdftoppm(scale: str, plan_de: dict[str, Any], tmp_path: Path) -> None:
    plan_de["patient"]["pain_scale"] = scale
    pdf = tmp_path / "handout.pdf"
    pdf.write_bytes(render_handout(plan_de))
    result = subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == _page_count(pdf.read_bytes())
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)
    diary = pdf_pages(pdf.read_bytes())[-1]
    if scale == "vas":
        assert "keine Schmerzen" in diary and "stärkste vorstellbare Schmerzen" in diary
    elif scale == "faces":
        assert "Gesicht ein" in diary
    else:
        assert "0 1 2 3 4 5 6 7 8 9 10" in diary


def test_names_from_a_german_practice_print_with_their_letters(plan_de: dict[str, Any]) -> None:
    plan_de["patient"]["display_name"] = "Şükrü Öztürk-Weiß, Юлия Ćosić"
    first_page = pdf_pages(render_handout(plan_de), limit=1)[0]
    assert "für Şükrü Öztürk-Weiß, Юлия Ćosić" in first_page


def test_only_the_shipped_font_is_embedded(plan_de: dict[str, Any]) -> None:
    import io

    reader = pypdf.PdfReader(io.BytesIO(render_handout(plan_de)))
    fonts = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts and all(f.startswith("LiberationSans") for f in fonts), fonts


def test_renders_from_several_threads_at_once_all_succeed(plan_de: dict[str, Any], plan_en: dict[str, Any]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as pool:
        pdfs = list(pool.map(render_handout, [plan_de, plan_en] * 4))
    assert len({pdf for pdf in pdfs}) == 2
    assert all(pdf.startswith(b"%PDF-") for pdf in pdfs)
