"""The token endpoint of SMART Backend Services and its discovery document."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse


def token(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"error": "invalid_request"}, status=400)
