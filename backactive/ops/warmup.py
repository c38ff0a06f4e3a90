"""Warm a server process before its first request: import every view (by resolving the URL
configuration), compile every template once, and let apps warm what they keep per process (an
app config with a ``warm()`` method, e.g. the handout compiler). Without this the first request a
worker answers pays for all of it (about 300 ms)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from django.apps import apps
from django.forms.renderers import EngineMixin, get_default_renderer
from django.template import engines
from django.template.backends.django import DjangoTemplates
from django.urls import URLPattern, URLResolver, get_resolver

logger = logging.getLogger(__name__)


def _walk(patterns: list[URLPattern | URLResolver]) -> int:
    count = 0
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            count += _walk(pattern.url_patterns)  # imports the included module
        else:
            _ = pattern.callback  # the view's module is imported by now
            count += 1
    return count


def _template_names(engine: DjangoTemplates) -> list[str]:
    names: set[str] = set()
    for folder in engine.template_dirs:
        root = Path(folder)
        if root.is_dir():
            names.update(str(p.relative_to(root)) for p in root.rglob("*.html"))
    return sorted(names)


def warm_templates() -> int:
    compiled = 0
    for engine in engines.all():
        if not isinstance(engine, DjangoTemplates):
            continue
        for name in _template_names(engine):
            engine.get_template(name)  # the cached loader keeps the compiled template
            compiled += 1
    return compiled + warm_form_templates()


def warm_form_templates() -> int:
    """The form renderer's templates (Jinja2: Django's widgets and the apps' jinja2/ folders),
    compiled into its environment's cache."""
    renderer = get_default_renderer()
    if not isinstance(renderer, EngineMixin):
        return 0
    environment = renderer.engine.env  # type: ignore[attr-defined]  # the Jinja2 backend's
    names = environment.list_templates(extensions=["html"])
    for name in names:
        environment.get_template(name)
    return len(names)


def warm() -> dict[str, float]:
    """Everything a worker needs before it takes requests; returns what it did (for the log)."""
    start = time.perf_counter()
    resolver = get_resolver()
    views = _walk(resolver.url_patterns)
    resolver.resolve("/")  # builds the resolver's lookup tables
    templates = warm_templates()
    for config in apps.get_app_configs():
        warm_app = getattr(config, "warm", None)
        if callable(warm_app):
            warm_app()
    ms = round((time.perf_counter() - start) * 1000, 1)
    logger.info("worker warmed", extra={"views": views, "templates": templates, "ms": ms})
    return {"views": views, "templates": templates, "ms": ms}
