"""``backactive serve [--bind HOST:PORT] [--workers N]``: the production web server.

Production settings unless ``DJANGO_SETTINGS_MODULE`` names others (``backactive/cli.py``); it
refuses to start without ``SECRET_KEY``. Also from the environment: ``BACKACTIVE_BIND``,
``BACKACTIVE_WORKERS``, ``BACKACTIVE_THREADS``, ``BACKACTIVE_TIMEOUT``, ``FORWARDED_ALLOW_IPS``.
Each worker is warmed (views, templates, the handout compiler) before it takes a request."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from backactive.ops.server import options_from_env, serve

INSECURE_KEYS = {"", "insecure-local-development-key-do-not-deploy"}


class Command(BaseCommand):
    help = "Serve BackActive with the production server (gunicorn): one process per worker, warmed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", help="HOST:PORT (default: BACKACTIVE_BIND or 127.0.0.1:8000)")
        parser.add_argument("--workers", type=int, help="worker processes (default: BACKACTIVE_WORKERS or the CPUs)")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.SECRET_KEY in INSECURE_KEYS:
            raise CommandError("SECRET_KEY must be set in the environment: the server does not start without it.")
        if options["workers"] is not None and options["workers"] < 1:
            raise CommandError("--workers must be at least 1.")
        serve(options_from_env(bind=options["bind"], workers=options["workers"]))
