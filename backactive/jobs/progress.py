"""Progress reporting from inside a job: ``progress.advance(250)`` after each chunk.

Each report is one UPDATE of the job row; called between the work's transactions (after a chunk
commits) it is seen by the job page at once; reports closer together than ``min_interval`` seconds are merged,
so a fast loop does not turn into a write per row.
"""

from __future__ import annotations

import time

from django.utils import timezone

from .models import Job


class Progress:
    def __init__(self, job: Job, *, min_interval: float = 0.5) -> None:
        self.job = job
        self.min_interval = min_interval
        self._last = 0.0

    @property
    def done(self) -> int:
        return self.job.done

    def set_total(self, total: int | None) -> None:
        self.job.total = total
        if total is not None and self.job.done > total:
            self.job.done = total
        self._write(force=True)

    def advance(self, count: int = 1) -> None:
        self.job.done += count
        if self.job.total is not None and self.job.done > self.job.total:
            self.job.total = self.job.done
        self._write()

    def flush(self) -> None:
        self._write(force=True)

    def _write(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < self.min_interval:
            return
        self._last = now
        Job.objects.filter(pk=self.job.pk).update(done=self.job.done, total=self.job.total, updated_at=timezone.now())
