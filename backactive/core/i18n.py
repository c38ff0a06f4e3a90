"""Small helpers to show coded values in the reader's language, and which languages a page offers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest
from django.utils.translation import get_language

from backactive.core import codes
from backactive.core.languages import NAMES, PATIENT_LANGS, STAFF_LANGS, is_rtl

View = TypeVar("View", bound=Callable[..., Any])


def lang() -> str:
    current = (get_language() or "de")[:2]
    return current if current in codes.LANGS else "de"


def choices(group: dict[str, codes.Code]) -> list[tuple[str, str]]:
    current = lang()
    return [(c.code, c.label(current)) for c in group.values()]


def patient_languages(view: View) -> View:
    """Mark a page anyone may read in any patient language, chosen by the browser or the page's
    language menu (login, invitation): the language middleware keeps every other page that no
    patient is logged in to in German or English."""
    view.patient_languages = True  # type: ignore[attr-defined]
    return view


def speaks_patient_languages(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    patient = bool(user is not None and user.is_authenticated and getattr(user, "is_patient", False))
    return patient or bool(getattr(request, "patient_languages", False))


def language_menu(request: HttpRequest) -> dict[str, Any]:
    """Template context: the languages this page offers (each in its own name), and whether the
    page reads right to left."""
    offered = PATIENT_LANGS if speaks_patient_languages(request) else STAFF_LANGS
    return {"language_menu": [(code, NAMES[code]) for code in offered], "page_rtl": is_rtl(lang())}
