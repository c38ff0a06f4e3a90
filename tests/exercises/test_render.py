"""The drawings: two-frame stills and SMIL animations in one style, with text alternatives taken
from the instructions, usable under the Content Security Policy (no inline style)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from backactive.exercises.drawings import DrawingNotFound, drawing, drawn_codes
from backactive.exercises.figures.library import figures
from backactive.exercises.figures.svg import ACCENT, FAR, INK
from backactive.recommendations.knowledge import load_knowledge

SVG = "{http://www.w3.org/2000/svg}"
BODY_WIDTHS = {"10.0", "18.0", "7.0", "15.0", "23.0", "12.0"}  # limbs, trunk, feet, and their halos


def _root(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_every_exercise_with_a_drawing_has_a_figure() -> None:
    drawn = {c for c, i in load_knowledge().items.items() if i.kind == "exercise" and i.drawing}
    assert drawn <= set(figures())
    assert set(drawn_codes()) >= drawn


@pytest.mark.parametrize("animated", [False, True])
@pytest.mark.parametrize("code", drawn_codes())
def test_each_drawing_has_a_text_alternative_from_its_instructions(code: str, animated: bool) -> None:
    """Every level's still and animation, in both languages: the title names the exercise, the
    description carries that level's own instructions."""
    item = load_knowledge().items[code]
    levels = [lv.level for lv in item.levels] or [2]
    ids = set()
    for lang in ("de", "en"):
        for level in levels:
            root = _root(drawing(code, level=level, animated=animated, lang=lang))
            title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
            assert title is not None and title.text and title.text.startswith(item.title.get(lang))
            instructions = item.level(level).instructions if item.levels else item.instructions
            assert desc is not None and desc.text and instructions.get(lang) in desc.text, (level, lang)
            assert root.get("role") == "img" and root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
            ids.add(title.get("id"))
    # Distinct ids per level: a page showing two levels (the session's easier/harder) stays valid.
    assert len(ids) == len(levels)


def test_the_level_is_named_in_the_title() -> None:
    assert "Stufe 1 (leichter)" in drawing("bridge", level=1, lang="de")
    assert "Level 3 (harder)" in drawing("bridge", level=3, lang="en")


@pytest.mark.parametrize("code", drawn_codes())
def test_no_inline_style_and_one_line_style(code: str) -> None:
    for animated in (False, True):
        svg = drawing(code, animated=animated)
        assert "style" not in svg and "<script" not in svg
        widths = set(re.findall(r'stroke-width="([0-9.]+)"', svg))
        assert widths - {"1.5", "2.5", "3.0"} <= BODY_WIDTHS  # props, band and arrows aside


def test_the_still_shows_start_and_end_with_an_arrow() -> None:
    root = _root(drawing("bridge"))
    frames = root.findall(f"{SVG}g")
    assert [f.get("class") for f in frames] == ["frame-start", "frame-end"]
    start = ET.tostring(frames[0], encoding="unicode")
    assert f'stroke="{ACCENT}"' in start and "<ns0:polygon" in start  # the arrow and its head


def test_the_moving_limb_is_highlighted_and_the_far_side_grey() -> None:
    svg = drawing("seated_march")
    assert f'stroke="{ACCENT}"' in svg and f'stroke="{INK}"' in svg
    assert f'stroke="{FAR}"' in drawing("hip_flexor_stretch", level=1) or "#8ab4e8" in drawing("hip_flexor_stretch")


def test_the_animation_loops_with_consistent_keyframes() -> None:
    root = _root(drawing("sit_to_stand", animated=True))
    animations = root.iter(f"{SVG}animate")
    count = 0
    for anim in animations:
        count += 1
        key_times = anim.get("keyTimes", "").split(";")
        assert len(key_times) == len(anim.get("values", "").split(";"))
        assert key_times[0] == "0.0000" and key_times[-1] == "1.0000"
        assert anim.get("repeatCount") == "indefinite"
    assert count > 10


def test_unknown_code_or_level_is_refused() -> None:
    with pytest.raises(DrawingNotFound, match="unknown exercise"):
        drawing("walking")  # an activity, not a drawn exercise
    with pytest.raises(DrawingNotFound, match="unknown level"):
        drawing("bridge", level=4)


def test_static_drawings_are_up_to_date() -> None:
    from backactive.exercises.static_drawings import expected
    from backactive.recommendations.knowledge.loader import DRAWINGS_DIR

    stale = [
        name for name, content in expected().items() if (DRAWINGS_DIR / name).read_text(encoding="utf-8") != content
    ]
    assert stale == [], "run: .venv/bin/python -m backactive.exercises.static_drawings"
