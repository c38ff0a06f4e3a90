"""``backactive worker``: runs the queued background jobs (imports, exports, GDT results) and
starts the scheduled ones (reminder e-mails, the GDT outbox sweep, the nightly retention purge,
expiry of research exports, the job tables' housekeeping) with no cron.

django-tasks-db's ``db_worker`` does the queue work; this command fixes our defaults (every
queue, no code reloading unless asked) so that README, ``make run`` and ``.ci/run`` start the same
thing. Run one or more beside the web server; stop with SIGTERM (the running job finishes first).
Several workers may run at once, on one machine or several: each slot of a schedule is started
by one of them (``backactive.jobs.scheduler``). While it runs, its heartbeat row tells
``/ready/`` on every app instance that jobs are being run.
"""

from __future__ import annotations

from argparse import ArgumentParser, BooleanOptionalAction
from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from backactive.jobs.scheduler import Scheduler
from backactive.ops.heartbeat import Heartbeat


class Command(DbWorkerCommand):
    help = "Run the background jobs as they are queued, and start the scheduled ones on time."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--schedule", action=BooleanOptionalAction, default=True,
            help="start scheduled work (reminders, GDT outbox, purge, …); on by default",
        )  # fmt: skip
        parser.set_defaults(queue_name="*", reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        heartbeat = Heartbeat()
        heartbeat.start()
        scheduler = Scheduler() if options["schedule"] else None
        if scheduler is not None:
            scheduler.start()
        try:
            super().handle(*args, **options)
        finally:
            if scheduler is not None:
                scheduler.stop()
            heartbeat.stop()
