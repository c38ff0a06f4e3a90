from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _install_db_rules(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from . import db_rules, weeks

    connection = connections[using]
    if db_rules.tables_exist(connection):
        db_rules.install(connection)
    if weeks.tables_exist(connection):
        weeks.install(connection)


class DiaryConfig(AppConfig):
    name = "backactive.diary"
    label = "diary"

    def ready(self) -> None:
        post_migrate.connect(_install_db_rules, sender=self)
        from . import receivers

        receivers.connect()
