"""A background job as the practice sees it: what runs, for whom, how far it is, how it ended.

Django's task framework (django-tasks with its database backend) queues and runs the work; it has
no notion of progress or of who may see a job, so this model carries those. One ``Job`` row per
piece of work; the task result id links it to the queue row (``django_tasks_db``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("done")
    FAILED = "failed", _("failed")


class Job(models.Model):
    # The registry key of the work (``registry.register``), e.g. "offers.import".
    kind = models.CharField(max_length=60)
    practice = models.ForeignKey(
        "accounts.Practice", on_delete=models.CASCADE, null=True, blank=True, related_name="jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What the work needs (ids, a file path under the data folder): never patient data in clear.
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    # What the page shows when the job ends: a summary, or the reason it failed (in plain words).
    message = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    # The worker process running it (its heartbeat's name): a job whose worker stopped beating
    # is failed by the scheduler (``job_abandoned_fail``) rather than shown as running for ever.
    worker = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Set by the runner on every progress report: a later heartbeat check can find stuck jobs.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["practice", "-created_at"], name="jobs_practice_recent")]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=JobStatus.values), name="jobs_status_valid"),
            models.CheckConstraint(
                condition=models.Q(total__isnull=True) | models.Q(done__lte=models.F("total")),
                name="jobs_done_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def label(self) -> str:
        from .registry import kinds

        kind = kinds().get(self.kind)
        return str(kind.label) if kind else self.kind

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))


class ScheduleRun(models.Model):
    """One slot of a schedule that a worker started. The unique constraint is the lock: of several
    workers (or one restarted) that find a slot due, one inserts the row and starts the job in the
    same transaction; the others fail on the constraint and start nothing."""

    schedule = models.CharField(max_length=60)
    slot = models.DateTimeField()
    job = models.OneToOneField(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="schedule_run")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-slot"]
        constraints = [models.UniqueConstraint(fields=["schedule", "slot"], name="jobs_schedule_slot_once")]

    def __str__(self) -> str:
        return f"{self.schedule} @ {self.slot:%Y-%m-%d %H:%M}"


class JobFile(models.Model):
    """A file a job works on (an uploaded offer list), kept in the database in parts of at most
    ``PART_BYTES``, not on the disk of the app server that received it: the worker that runs the
    job may be on another machine. Removed when the job has finished."""

    PART_BYTES = 4 * 1024 * 1024

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=200)
    part = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "name", "part"], name="jobs_file_part_once")]

    def __str__(self) -> str:
        return f"{self.name} ({self.part})"
