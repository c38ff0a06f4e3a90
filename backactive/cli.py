"""The ``backactive`` console command: every management task, e.g. ``backactive demo``,
``backactive recommend PROFILE.json``, ``backactive offers near --postcode 35037``."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["backactive", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
