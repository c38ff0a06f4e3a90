"""The one task the worker runs for every job: ``run_job(job_id)``. What it does is looked up in
the job kind registry, so a new kind of work needs no new task and no change to the worker."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def run_job(job_id: int) -> None:
    services.job_run(job_id=job_id)
