"""The job runner: progress, a message for the person who started the job, retries, and a task
delivered twice doing the work once. Kinds registered here exist only for these tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from backactive.jobs import registry
from backactive.jobs.models import Job, JobStatus
from backactive.jobs.services import job_run, job_start

CALLS: list[int] = []


def _counting(job: Job, progress: Any) -> dict[str, Any]:
    CALLS.append(job.pk)
    progress.set_total(4)
    for _ in range(4):
        progress.advance(1)
    return {"message": "four done", "answer": 42}


def _refusing(job: Job, progress: Any) -> dict[str, Any]:
    raise registry.UserFacingError("The file has more than 3 rows.")


def _crashing(job: Job, progress: Any) -> dict[str, Any]:
    raise RuntimeError("/secret/path/patient-name.csv")


for kind in (
    registry.JobKind("test.counting", "Counting", run=_counting),
    registry.JobKind("test.refusing", "Refusing", run=_refusing),
    registry.JobKind("test.crashing", "Crashing", run=_crashing, max_attempts=2),
):
    registry.register(kind)


def test_a_job_runs_reports_progress_and_keeps_its_result(world: Any) -> None:
    job = job_start(kind="test.counting", practice=world.practice_x, user=world.assistant_x, params={"x": 1})
    assert job.status == JobStatus.SUCCEEDED and (job.done, job.total) == (4, 4)
    assert job.result == {"answer": 42} and job.message == "four done" and job.attempts == 1
    assert job.params["x"] == 1 and job.task_id and job.started_at and job.finished_at


def test_a_task_delivered_twice_does_the_work_once(world: Any) -> None:
    CALLS.clear()
    job = job_start(kind="test.counting", practice=world.practice_x)
    job_run(job_id=job.pk)
    assert [job.pk] == CALLS


def test_an_unknown_kind_fails_in_the_caller() -> None:
    with pytest.raises(LookupError):
        job_start(kind="no.such.kind")


def test_a_refusal_is_shown_in_plain_words_and_a_crash_is_not(world: Any, client: Any) -> None:
    refused = job_start(kind="test.refusing", practice=world.practice_x)
    assert refused.status == JobStatus.FAILED and refused.message == "The file has more than 3 rows."
    crashed = job_start(kind="test.crashing", practice=world.practice_x)
    # The immediate backend cannot defer a retry: the job waits, queued, for its second attempt.
    assert crashed.status == JobStatus.QUEUED and crashed.attempts == 1
    with pytest.raises(RuntimeError):
        job_run(job_id=crashed.pk)
    crashed.refresh_from_db()
    assert crashed.status == JobStatus.FAILED and crashed.attempts == 2
    client.force_login(world.assistant_x)
    html = client.get(reverse("jobs:detail", kwargs={"job_id": crashed.pk})).content.decode()
    assert "patient-name" not in html and "secret" not in html


def test_job_pages_show_progress_to_the_practice_only(world: Any, client: Any) -> None:
    job = job_start(kind="test.counting", practice=world.practice_x, user=world.assistant_x)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, done=1)
    client.force_login(world.clinician_x)
    html = client.get(reverse("jobs:detail", kwargs={"job_id": job.pk})).content.decode()
    assert 'max="4" value="1"' in html and 'hx-trigger="every 2s"' in html
    assert "Counting" in client.get(reverse("jobs:list")).content.decode()
    client.force_login(world.clinician_y)
    assert client.get(reverse("jobs:detail", kwargs={"job_id": job.pk})).status_code == 404
    assert "Counting" not in client.get(reverse("jobs:list")).content.decode()
