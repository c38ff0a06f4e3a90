"""QR codes are well-formed SVG of our own making (the faces: tests/diary/test_faces.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from backactive.handouts.graphics import qr_svg

SVG = "{http://www.w3.org/2000/svg}svg"


def test_a_qr_code_is_svg_and_the_same_for_the_same_link() -> None:
    svg = qr_svg("https://praxis.example/p/join/7KQ2-XM4D")
    assert ET.fromstring(svg).tag == SVG
    assert svg == qr_svg("https://praxis.example/p/join/7KQ2-XM4D")
    assert svg != qr_svg("https://praxis.example/p/join/OTHER")
