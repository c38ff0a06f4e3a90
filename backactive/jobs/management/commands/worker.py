"""``backactive worker``: runs the queued background jobs (imports, exports, purge, reminders).

django-tasks-db's ``db_worker`` does the queue work; this command fixes our defaults (every
queue, no code reloading unless asked) so that README, ``make run`` and ``.ci/run`` start the same
thing. Run one or more beside the web server; stop with SIGTERM (the running job finishes first).
While it runs, its heartbeat row tells ``/ready/`` on every app instance that jobs are being run.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from backactive.ops.heartbeat import Heartbeat


class Command(DbWorkerCommand):
    help = "Run the background jobs (imports, exports, purge, reminders) as they are queued."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        heartbeat = Heartbeat()
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
