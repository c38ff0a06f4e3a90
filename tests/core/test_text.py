"""Names, digits and JSON depth as people (and attackers) type them."""

from __future__ import annotations

import json

import pytest

from backactive.core.text import TooDeep, ascii_digits, loads, name_problem

NAMES = ["Anna Müller", "مريم", "مهرداد\u200cی", "👩\u200d⚕️ Dr. Lee", "O'Brien-Łukasz", "李小龙"]


@pytest.mark.parametrize("name", NAMES)
def test_real_names_pass(name: str) -> None:
    assert name_problem(name) is None


@pytest.mark.parametrize(
    "name, problem",
    [("Anna\u202eA", "bidi"), ("x\u2066y", "bidi"), ("a\u202ab", "bidi"), ("Anna\x00", "control"),
     ("Anna\nB", "control"), ("An\u200bna", "control"), ("\ufeffAnna", "control"), ("A\x1bB", "control")],
)  # fmt: skip
def test_controls_bidi_overrides_and_zero_width_spaces_are_refused(name: str, problem: str) -> None:
    assert name_problem(name) == problem


def test_arabic_indic_digits_are_digits_and_others_are_refused() -> None:
    assert ascii_digits("٣٥٠٣٧") == "35037" and ascii_digits("۱۲") == "12" and ascii_digits("12a") == "12a"
    for bad in ("²", "١²", "३", "⑤"):
        with pytest.raises(ValueError):
            ascii_digits(bad)


def test_deep_json_is_refused_before_parsing() -> None:
    with pytest.raises(TooDeep):
        loads("[" * 200_000 + "]" * 200_000)
    value = {"a": [[{"b": "[[[[{{ brackets inside a string do not count"}]]}
    assert loads(json.dumps(value)) == value
    with pytest.raises(TooDeep):
        loads('{"a":' * 40 + "1" + "}" * 40)
