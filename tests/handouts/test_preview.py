"""The HTML preview shows the same content as the PDF, with every text escaped."""

from __future__ import annotations

import base64
from typing import Any

from django.template.loader import render_to_string

from backactive.handouts.preview import preview_context, svg_data_uri
from tests.handouts.test_injection import EVIL


def test_a_data_uri_carries_the_svg() -> None:
    uri = svg_data_uri("<svg/>")
    assert uri.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]) == b"<svg/>"


def test_every_picture_gets_a_data_uri(plan_de: dict[str, Any]) -> None:
    plan_de["patient"]["pain_scale"] = "faces"
    context = preview_context(plan_de)
    assert context["chart_src"].startswith("data:image/svg+xml;base64,")
    assert all(e["drawing_src"] for e in context["exercises"])
    assert context["qr_invitation"]["src"] and context["qr_calendar"]["src"]
    assert context["diary"]["scale_src"] and all(f["src"] for f in context["diary"]["faces"])


def test_the_preview_says_what_the_handout_says(plan_en: dict[str, Any]) -> None:
    html = render_to_string("handouts/_handout.html", {"h": preview_context(plan_en)})
    for words in (
        "Your activity plan",
        "Brisk walking",
        "2 times a week",
        "Activity prescription",
        "Aqua fitness at Marburg indoor pool",
        "© OpenStreetMap contributors, ODbL",
        "Invitation code",
        "Your week diary",
    ):
        assert words in html
    assert "<svg" not in html  # pictures only as <img>, never inline markup


def test_the_preview_escapes_what_people_typed(plan_en: dict[str, Any]) -> None:
    plan_en["patient"]["display_name"] = "<script>alert(1)</script>" + EVIL
    html = render_to_string("handouts/_handout.html", {"h": preview_context(plan_en)})
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
