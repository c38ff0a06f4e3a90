"""Which language a page speaks.

A logged-in patient's pages speak the patient's language (``Patient.language``), whatever
language the browser asks for or the practice's screens use. Pages marked with
``backactive.core.i18n.patient_languages`` (login, invitation) speak any patient language the
browser or the page's menu chose. Every other page (staff pages above all) stays German or
English: the first of those the browser accepts, else German. Runs after authentication, and
again once the view is known (``process_view``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from backactive.core.languages import STAFF_LANGS


def _staff_language(request: HttpRequest) -> str:
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code[:2].lower() in STAFF_LANGS:
            return code[:2].lower()
    return str(settings.LANGUAGE_CODE)


class PatientLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "is_patient", False):
            patient = getattr(user, "patient", None)
            if patient is not None and patient.language:
                translation.activate(patient.language)
                request.LANGUAGE_CODE = patient.language
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any) -> None:
        if getattr(view, "patient_languages", False):
            request.patient_languages = True  # type: ignore[attr-defined]
            return
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "is_patient", False):
            return
        if (translation.get_language() or "")[:2] not in STAFF_LANGS:
            language = _staff_language(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
