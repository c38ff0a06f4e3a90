"""Every page's frame: one stylesheet, a favicon, htmx configured for the CSP (no injected
styles, no eval) and no inline styles anywhere in the templates (the CSP would block them)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parents[2] / "backactive"
TEMPLATES = sorted(p for p in ROOT.rglob("*.html") if "templates" in p.parts)


def test_no_template_has_an_inline_style_or_script() -> None:
    offenders = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        if re.search(r"\sstyle\s*=|<style[\s>]|\son[a-z]+\s*=\s*[\"']|<script(?![^>]*\ssrc=)[^>]*>", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, f"inline style, handler or script in {offenders}"


def test_one_stylesheet_for_every_page() -> None:
    sheets = {m for path in TEMPLATES for m in re.findall(r"static '([^']+\.css)'", path.read_text(encoding="utf-8"))}
    assert sheets == {"css/app.css"}


@pytest.mark.django_db
def test_pages_have_a_favicon_and_a_csp_clean_htmx(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/accounts/login/").content.decode()
    icon = re.search(r'<link rel="icon" href="/static/([^"]+)"', html)
    assert icon and finders.find(icon.group(1)), "every page names a favicon that exists"
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html)
    assert config is not None
    assert '"includeIndicatorStyles": false' in config.group(1) and '"allowEval": false' in config.group(1)
    csp = client.get("/accounts/login/")["Content-Security-Policy"]
    assert "style-src 'self'" in csp and "unsafe-inline" not in csp
