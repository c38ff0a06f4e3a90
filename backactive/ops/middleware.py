"""The outermost middleware: times every request, writes its log line and its metrics."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import resolve

from . import metrics
from .logs import log_request

UNMATCHED = "<no route>"


def route_of(request: HttpRequest) -> tuple[str, str]:
    """(route pattern, view name) of the request, never its path."""
    match = getattr(request, "resolver_match", None)
    if match is None:  # answered before URL resolution (a redirect to HTTPS, a bad host)
        try:
            match = resolve(request.path_info)
        except Exception:  # Resolver404, or a path that cannot even be resolved
            return UNMATCHED, ""
    return "/" + str(match.route), match.view_name or ""


class RequestMetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        start = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - start
        route, view = route_of(request)
        method = request.method if request.method in KNOWN_METHODS else "OTHER"
        metrics.observe(method=method, route=route, status=response.status_code, seconds=seconds)
        log_request(method=method, route=route, view=view, status=response.status_code, ms=round(seconds * 1000, 2))
        return response


# Anything else is counted as OTHER: a client must not be able to invent label values.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
