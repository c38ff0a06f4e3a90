"""The ``backactive`` console command: every management task, e.g. ``backactive demo``,
``backactive recommend PROFILE.json``, ``backactive offers near --postcode 35037``.

Settings when ``DJANGO_SETTINGS_MODULE`` is not set: the production settings (which refuse to
start without ``SECRET_KEY``), so that ``backactive serve``, ``backactive worker``,
``backactive runserver`` and the rest never run a deployment with DEBUG on by accident. The
documented offline contracts (``recommend``, ``handout``, ``gdt``, ``offers``, ``effects``,
``questionnaire``, ``exercises``) serve no HTTP and
keep working on a workstation without any set-up, with the local settings. ``make run`` chooses
the local settings explicitly. A settings error (no ``SECRET_KEY``) is one line on stderr and exit
status 2, not a traceback.
"""

from __future__ import annotations

import os
import sys

OFFLINE_COMMANDS = frozenset({"recommend", "handout", "gdt", "offers", "effects", "questionnaire", "exercises"})


def default_settings(args: list[str]) -> str:
    command = args[0] if args else ""
    return "config.settings.local" if command in OFFLINE_COMMANDS else "config.settings.production"


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings(args))
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["backactive", *args])
    except ImproperlyConfigured as exc:
        print(f"backactive: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
