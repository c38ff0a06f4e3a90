"""The pain faces are well-formed SVG of our own making."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from backactive.diary.faces import FACE_VALUES, face_svg

SVG = "{http://www.w3.org/2000/svg}svg"


def test_each_face_is_svg_and_they_all_differ() -> None:
    faces = [face_svg(v) for v in FACE_VALUES]
    assert all(ET.fromstring(f).tag == SVG for f in faces)
    assert len(set(faces)) == len(FACE_VALUES)


def test_a_face_for_an_odd_value_is_refused() -> None:
    with pytest.raises(ValueError, match="face value must be one of"):
        face_svg(3)
