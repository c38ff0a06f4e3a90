"""One JSON line per request: method, route pattern, view, status, time; never the path (ids,
invitation codes, calendar tokens), the query string, the user or the address."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client

from backactive.ops.logs import JsonFormatter


@pytest.mark.django_db
def test_one_line_per_request_with_the_route_pattern(world: Any, caplog: Any) -> None:
    caplog.set_level(logging.INFO, logger="backactive.request")
    client = Client()
    client.force_login(world.clinician_x)
    client.get(f"/patients/{world.patient_a.pk}/?q=Anna")
    client.get("/invitation/ABCD-EFGH-JK/")
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records if r.name == "backactive.request"]
    assert len(lines) == 2
    page, invitation = lines
    assert page["route"] == "/patients/<int:patient_id>/" and page["view"] == "consultations:overview"
    assert page["method"] == "GET" and page["status"] == 200 and page["ms"] > 0
    assert invitation["route"].startswith("/invitation/<") and invitation["status"] == 404
    text = json.dumps(lines)
    for private in (f"/patients/{world.patient_a.pk}/", "Anna", "ABCD", "gp_x", "127.0.0.1", "q="):
        assert private not in text, private
    assert set(page) == {"ts", "level", "logger", "msg", "method", "route", "view", "status", "ms"}


def test_the_json_formatter_keeps_one_object_per_line() -> None:
    record = logging.LogRecord("x", logging.ERROR, "x", 1, "two\nlines %s", ("ü",), None)
    line = JsonFormatter().format(record)
    assert "\n" not in line and json.loads(line)["msg"] == "two\nlines ü"
