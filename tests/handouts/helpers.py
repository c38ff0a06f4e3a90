"""Helpers for the handout tests: the realistic plans beside this file and PDF text extraction."""

from __future__ import annotations

import copy
import io
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pypdf

HERE = Path(__file__).parent


@cache
def _plan(lang: str) -> dict[str, Any]:
    return json.loads((HERE / f"plan_{lang}.json").read_text(encoding="utf-8"))


def load_plan(lang: str) -> dict[str, Any]:
    """A deep copy of ``plan_<lang>.json``, so a test may change it freely."""
    return copy.deepcopy(_plan(lang))


def pdf_pages(pdf: bytes, *, limit: int | None = None) -> list[str]:
    """The text of each page (the first ``limit`` pages), whitespace runs collapsed, so line
    wraps do not split phrases."""
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return [re.sub(r"\s+", " ", page.extract_text()) for page in list(pages)[:limit]]


def pdf_text(pdf: bytes) -> str:
    return " ".join(pdf_pages(pdf))
