from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _install_db_rules(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from . import db_rules

    db_rules.install(connections[using])


class SecurityConfig(AppConfig):
    name = "backactive.security"
    label = "security"

    def ready(self) -> None:
        from . import batch_receivers, receivers  # noqa: F401 - connect the audit and session receivers

        post_migrate.connect(_install_db_rules, sender=self)
