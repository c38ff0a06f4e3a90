"""/health/ says the process is alive; /ready/ says whether it should get traffic: the database
answers, every migration is applied and a worker beat within 60 seconds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from backactive.ops import health
from backactive.ops.models import WorkerHeartbeat


@pytest.mark.django_db
def test_ready_is_503_without_a_worker_and_200_with_one() -> None:
    client = Client()
    response = client.get("/ready/")
    assert response.status_code == 503
    assert response.json() == {"database": True, "migrations": True, "worker": False}
    health.heartbeat_beat(name="host:1", started_at=timezone.now())
    response = client.get("/ready/")
    assert response.status_code == 200
    assert response.json() == {"database": True, "migrations": True, "worker": True}


@pytest.mark.django_db
def test_a_heartbeat_older_than_60_seconds_is_no_worker() -> None:
    now = timezone.now()
    health.heartbeat_beat(name="host:1", started_at=now, now=now - dt.timedelta(seconds=61))
    assert not health.worker_ok(now=now)
    health.heartbeat_beat(name="host:1", started_at=now, now=now - dt.timedelta(seconds=59))
    assert health.worker_ok(now=now)
    health.heartbeat_stop(name="host:1")
    assert not WorkerHeartbeat.objects.exists()


@pytest.mark.django_db
def test_unapplied_migrations_make_it_unready(monkeypatch: Any) -> None:
    monkeypatch.setattr(health, "_migrated", False)
    monkeypatch.setattr(health.MigrationExecutor, "migration_plan", lambda self, targets: [("pending", False)])
    health.heartbeat_beat(name="host:1", started_at=timezone.now())
    response = Client().get("/ready/")
    assert response.status_code == 503
    assert response.json() == {"database": True, "migrations": False, "worker": True}


@pytest.mark.django_db
def test_a_database_that_does_not_answer_makes_it_unready(monkeypatch: Any) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OSError("connection refused")

    monkeypatch.setattr(health.connections["default"], "cursor", broken)
    assert health.readiness() == {"database": False, "migrations": False, "worker": False}


def test_health_answers_without_the_database() -> None:
    response = Client().get("/health/")
    assert response.status_code == 200 and response.content == b"ok"
