"""Prometheus metrics at /metrics: only with the bearer token, 404 while none is configured;
counted by route pattern, never by path."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


def test_metrics_are_404_while_no_token_is_set(settings: Any) -> None:
    settings.METRICS_TOKEN = ""
    assert Client().get("/metrics").status_code == 404
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_metrics_need_the_token(settings: Any) -> None:
    settings.METRICS_TOKEN = "s3cret-metrics-token"
    assert Client().get("/metrics").status_code == 401
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert Client().get("/metrics", HTTP_AUTHORIZATION="s3cret-metrics-token").status_code == 401


@pytest.mark.django_db
def test_requests_are_counted_by_route_pattern(settings: Any, world: Any) -> None:
    settings.METRICS_TOKEN = "s3cret-metrics-token"
    client = Client()
    client.force_login(world.clinician_x)
    assert client.get(f"/patients/{world.patient_a.pk}/").status_code == 200
    client.get("/no/such/page/qzx-private-path/")
    response = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-metrics-token")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'backactive_http_requests_total{method="GET",route="/patients/<int:patient_id>/",status="200"}' in text
    assert 'route="<no route>",status="404"' in text
    assert f"/patients/{world.patient_a.pk}/" not in text and "qzx-private-path" not in text
    assert "backactive_http_request_duration_seconds_bucket" in text
