"""Endpoints for machines: readiness for load balancers, metrics for Prometheus."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from . import health, metrics


@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    """``{"database": …, "migrations": …, "worker": …}``: 200 when all hold, else 503."""
    checks = health.readiness()
    response = JsonResponse(checks, status=200 if all(checks.values()) else 503)
    # A load balancer asks every few seconds: "not ready" is its answer, not a server error to log
    # (Django logs every 5xx otherwise); the request log has the line.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    """Only with ``Authorization: Bearer $BACKACTIVE_METRICS_TOKEN``; 404 while no token is set."""
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        response = HttpResponse("unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(metrics.exposition(), content_type="text/plain; version=0.0.4; charset=utf-8")
