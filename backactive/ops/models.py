"""The background worker's heartbeat: each running worker updates its row every few seconds, so
``/ready/`` (on any app instance) knows whether jobs are being run."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    # host:pid of the worker process; one row each, kept up to date while it runs.
    name = models.CharField(max_length=200, unique=True)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.name
