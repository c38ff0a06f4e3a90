"""The patient's pages speak the patient's language (``Patient.language``), whatever language
the browser asks for or the practice's screens use. Runs after authentication; staff requests
keep Django's own choice (cookie, then Accept-Language)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation


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
