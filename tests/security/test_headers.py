"""Transport and browser-side protections: deployment checks, security headers, no caching of
logged-in pages, the generic 500 page, and no health data in URLs."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROOT = Path(__file__).resolve().parents[2]


def _production_env(tmp_path: Path) -> dict[str, str]:
    drop = ("DEBUG", "DATABASE_URL", "SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY=secrets.token_urlsafe(50),
               ALLOWED_HOSTS="praxis.example", BACKACTIVE_DATA_DIR=str(tmp_path))
    return env


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=_production_env(tmp_path), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_cookies_hsts_and_timeouts(tmp_path: Path) -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE, s.SECURE_SSL_REDIRECT, s.DEBUG)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_production_env(tmp_path),
                         capture_output=True, text=True, timeout=60, check=True).stdout.split()
    hsts, session_secure, csrf_secure, httponly, samesite, csrf_samesite, ssl_redirect, debug = out
    assert int(hsts) >= 365 * 24 * 3600
    assert (session_secure, csrf_secure, httponly, ssl_redirect, debug) == ("True", "True", "True", "True", "False")
    assert samesite in ("Lax", "Strict") and csrf_samesite in ("Lax", "Strict")


def _csp(response: Any) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


def test_security_headers_on_a_logged_in_page(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    response = client.get(reverse("consultations:overview", args=[world.patient_a.pk]))
    assert response.status_code == 200
    csp = _csp(response)
    assert csp["object-src"] == "'none'" and csp["base-uri"] == "'none'" and csp["frame-ancestors"] == "'none'"
    assert csp["script-src"] == "'self'" and "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_anonymous_pages_have_the_csp_too(db: None, client: Client) -> None:
    # db: the login page asks whether the demo practice exists (then it lists the demo logins).
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert _csp(response)["object-src"] == "'none'"


def test_templates_have_no_inline_script_that_the_csp_would_block() -> None:
    """Every <script> loads from /static; inline event handlers would be blocked by the CSP
    (script-src 'self', no 'unsafe-inline'). Inline styles are blocked too, but only look worse."""
    offenders = []
    for path in ROOT.glob("backactive/**/templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\son[a-z]+=[\"']"):
            for match in re.finditer(pattern, text):
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert not offenders, offenders


@pytest.mark.urls("tests.security.urls_boom")
def test_the_500_page_is_generic(settings: Any) -> None:
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body and "Da ist etwas schiefgegangen" in body
    assert "Traceback" not in body and "secret detail" not in body and "urls_boom" not in body


# Names of model fields that hold health values (pain, activity, assessment answers, plans).
def _health_field_names() -> set[str]:
    skip = {"id", "date", "created_at", "updated_at", "client_id", "source", "version", "status", "kind",
            "code"}  # "code" of a plan item names a catalogue entry; the URL "code" is an invitation
    names: set[str] = set()
    for label in ("diary.PainEntry", "diary.ActivityEntry", "consultations.Consultation", "consultations.PlanItem"):
        for field in apps.get_model(label)._meta.concrete_fields:
            if not isinstance(field, models.ForeignKey) and field.name not in skip:
                names.add(field.name)
    return names


def _url_parameters(resolver: URLResolver) -> set[str]:
    found: set[str] = set()
    for entry in resolver.url_patterns:
        found |= set(getattr(entry.pattern, "converters", {})) | set(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            found |= _url_parameters(entry)
        else:
            assert isinstance(entry, URLPattern)
    return found


def test_no_health_values_in_urls() -> None:
    """Path parameters are ids or fixed words, never values; GET forms carry no health fields
    (a GET form would put them into the address, the browser history and server logs)."""
    health = _health_field_names()
    assert {"pain", "minutes"} <= health
    params = _url_parameters(get_resolver())
    allowed_words = {"kind", "part", "fmt", "code", "token", "instrument_code"}  # an instrument's code: a fixed word
    assert not params & health, params & health
    assert all(p.endswith("_id") or p in allowed_words for p in params), params
    for path in ROOT.glob("backactive/**/templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        for form in re.finditer(r"<form[^>]*method=\"?get\"?[^>]*>(.*?)</form>", text, re.S | re.I):
            names = set(re.findall(r"name=\"([^\"]+)\"", form.group(1)))
            assert not names & health, f"{path}: GET form sends {names & health}"
