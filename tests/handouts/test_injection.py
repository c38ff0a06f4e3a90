"""Text typed by people reaches Typst as data, never as markup: Typst syntax prints as it is."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backactive.handouts.render import render_handout
from tests.handouts.helpers import load_plan, pdf_pages, pdf_text

EVIL = '#panic("x") ] $x^2$ #import "/etc/passwd": * *bold* _it_ \\ \\" #{1} <lbl> @ref `raw` = // /* [x'


def test_typst_syntax_in_every_free_text_field_prints_literally() -> None:
    plan = load_plan("en")
    plan["patient"]["display_name"] = EVIL
    plan["practice"]["name"] = EVIL
    plan["practice"]["address"] = EVIL
    plan["items"][0]["title"] = EVIL
    plan["items"][0]["why"] = EVIL
    plan["offers"][0]["name"] = EVIL
    plan["offers"][0]["times"] = EVIL
    plan["goal"]["text"] = EVIL
    plan["signed_by"] = EVIL
    plan["invitation"]["code"] = EVIL
    plan["exercises"]["cat_cow"]["instructions"] = [EVIL]
    text = pdf_text(render_handout(plan))
    # Narrow cells (the prescription table, the signature line) may wrap it; the rest is verbatim.
    assert text.count(EVIL) >= 8


# Typst's markup characters plus letters; no whitespace, which text extraction may reflow.
TYPST_CHARS = st.text(alphabet='#$*_[]{}()\\<>@=/"`~+-.:;,!?^&%|' + "abcXYZ019äöüß", min_size=1, max_size=24)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=TYPST_CHARS)
def test_any_name_made_of_typst_syntax_comes_out_as_written(name: str) -> None:
    plan = load_plan("de")
    plan["patient"]["display_name"] = name
    first_page = pdf_pages(render_handout(plan), limit=1)[0]
    assert f"für {name} " in first_page
