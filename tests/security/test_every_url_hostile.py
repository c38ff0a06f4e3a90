"""Every URL pattern, as one role allowed to use it, with a fixed set of hostile values in every
path parameter, every query parameter and form field the page shows, and hostile bodies for the
JSON endpoints: the answer is never a 5xx.

Derandomised on purpose: the same dozen values everywhere, so a failure names its value and the
test takes a few minutes per database. Before, ``²`` in FHIR ids and ``_count``, control
characters in a display name (the handout), JSON nested 200,000 deep on the sync endpoint, and a
CSV byte 0x81 were 500s.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.accounts.test_url_access import ACCESS, ALL_NAMES, PATTERNS, RULES, StudyWorld, _url, study_world

__all__ = ["study_world"]  # the fixture: study mode's objects for the study URLs' ids

HOSTILE = [
    "", "0", "-1", "99999999999999999999", "²", "٣٥", "1e309", "0001-01-01",
    "<script>alert(1)</script>", "'; DROP TABLE x;--", "\x00\x1b", "\u202eevil\u2066", "ä" * 3000, "../../etc/passwd",
]  # fmt: skip
BODIES = [b"[" * 200_000, b'{"entries": ' + b"[" * 5000 + b"]" * 5000 + b"}", b"\x81\xff\xfe", b"{" * 3 + b"null",
          b'{"entries": [{"kind": "pain", "date": "0001-01-01", "pain": "\xc2\xb2"}]}']  # fmt: skip
EXTRA_QUERY = ["page", "q", "_count", "_offset", "next", "date", "patient", "subject", "code", "fmt", "lang"]
# The readiness probe answers 503 by design while no worker has beaten (none runs in the tests):
# that is its answer, not a crash; every other 5xx still fails.
PROBE_503 = {"ops:ready"}
_FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"", re.I)


def _role(name: str) -> str:
    """One role allowed to use the URL (the rule's first role that is not denied)."""
    rule = RULES[ACCESS[name][1]]
    for role, expected in rule.items():
        if expected not in (404, "login") and role != "anonymous":
            return role
    return "anonymous"


def _client(world: Any, role: str, study: StudyWorld) -> Client:
    client = Client(raise_request_exception=False)
    if role == "coordinator":
        client.force_login(study.coordinator)
    elif role != "anonymous":
        client.force_login(getattr(world, role if role.endswith(("_x", "_y")) else f"{role}_user"))
    return client


def _token(world: Any) -> str:
    from backactive.interop.fhir.tokens import token_issue

    return token_issue(practice=world.practice_x, label="fuzz", created_by=None)[1]


def _kwargs(name: str, world: Any, study: StudyWorld) -> dict[str, Any]:
    from django.urls import resolve

    return dict(resolve(_url(name, world, study)).kwargs)


def _paths(name: str, world: Any, study: StudyWorld) -> list[str]:
    """The URL with each hostile value in each path parameter its converter accepts."""
    good = _kwargs(name, world, study)
    paths = [_url(name, world, study)]
    for param in PATTERNS[name]:
        for value in HOSTILE:
            try:
                paths.append(reverse(name, kwargs={**good, param: value}))
            except NoReverseMatch:
                continue
    return list(dict.fromkeys(paths))


def _fields(html: str) -> list[str]:
    return sorted({n for n in _FIELD.findall(html) if n not in ("csrfmiddlewaretoken",)})


@pytest.mark.parametrize("name", ALL_NAMES)
def test_no_5xx_for_hostile_input(name: str, world: Any, study_world: StudyWorld) -> None:
    role = _role(name)
    client = _client(world, role, study_world)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {_token(world)}"} if ACCESS[name][1] == "token_api" else {}
    failures: list[str] = []

    def check(response: Any, what: str) -> None:
        if response.status_code >= 500 and not (name in PROBE_503 and response.status_code == 503):
            failures.append(f"{what}: {response.status_code}")

    base = _url(name, world, study_world)
    page = client.get(base, **headers)
    fields = _fields(page.content.decode("utf-8", "replace")) if page.status_code == 200 else []
    for path in _paths(name, world, study_world):
        check(client.get(path, **headers), f"GET {path[:80]}")
    for value in HOSTILE:
        query = {field: value for field in [*fields, *EXTRA_QUERY]}
        check(client.get(f"{base}?{urlencode(query)}", **headers), f"GET ?…={value[:20]!r}")
        check(client.post(base, {field: value for field in fields} or {"x": value}, **headers),
              f"POST fields={value[:20]!r}")  # fmt: skip
    for body in BODIES:
        check(client.generic("POST", base, body, content_type="application/json", **headers), f"POST {body[:20]!r}")
    check(client.get(base + quote("%ff%fe"), **headers), "GET bad percent-encoding")
    assert not failures, f"{name} as {role}: " + "; ".join(failures[:10])
