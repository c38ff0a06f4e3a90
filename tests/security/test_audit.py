"""The audit trail: views, changes, logins, failed logins and denials are recorded with who,
when (UTC), what and from where; nobody can change or delete a row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from backactive.security.models import AppendOnlyError, AuditAction, AuditEvent
from tests.conftest import PASSWORD


def _last(**filters: Any) -> AuditEvent:
    event = AuditEvent.objects.filter(**filters).order_by("-id").first()
    assert event is not None, f"no audit event {filters}"
    return event


def test_viewing_a_patient_is_recorded_with_who_when_and_where(world: Any, login: Any) -> None:
    client = login(world.clinician_x)
    before = dt.datetime.now(dt.UTC)
    url = reverse("consultations:overview", args=[world.patient_a.pk])
    assert client.get(url, REMOTE_ADDR="10.1.2.3").status_code == 200
    event = _last(action=AuditAction.VIEW, patient_id=world.patient_a.pk)
    assert event.actor_id == world.clinician_x.pk and event.actor_name == "gp_x" and event.actor_role == "clinician"
    assert event.ip == "10.1.2.3" and event.path == f"/patients/{world.patient_a.pk}/"
    assert event.at.utcoffset() == dt.timedelta(0) and event.at >= before - dt.timedelta(seconds=1)


def test_viewing_a_consultation_and_own_pages_is_recorded(world: Any, login: Any) -> None:
    login(world.clinician_x).get(reverse("consultations:detail", args=[world.consultation_a.pk]))
    assert _last(action=AuditAction.VIEW, object_type="consultations.consultation").patient_id == world.patient_a.pk
    login(world.patient_a_user).get(reverse("me:today"))
    assert _last(action=AuditAction.VIEW, actor_id=world.patient_a_user.pk).patient_id == world.patient_a.pk


def test_denied_access_is_recorded(world: Any, login: Any) -> None:
    client = login(world.clinician_y)
    assert client.get(reverse("consultations:overview", args=[world.patient_a.pk])).status_code == 404
    event = _last(action=AuditAction.DENIED)
    assert event.actor_id == world.clinician_y.pk and event.object_id == str(world.patient_a.pk)
    assert login(world.patient_a_user).get(reverse("patients:list")).status_code == 404
    assert _last(action=AuditAction.DENIED).actor_id == world.patient_a_user.pk


def test_changes_are_recorded_without_health_values(world: Any, login: Any) -> None:
    client = login(world.assistant_x)
    today = dt.date.today().isoformat()
    response = client.post(reverse("diary:pain_create", args=[world.patient_a.pk]), {"date": today, "pain": 7})
    assert response.status_code == 302
    event = _last(action=AuditAction.CREATE, object_type="diary.painentry")
    assert event.patient_id == world.patient_a.pk and event.actor_id == world.assistant_x.pk
    # The consultation from the fixture was recorded as well.
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="consultations.consultation",
                                     object_id=str(world.consultation_a.pk)).exists()
    # The trail has no place for a value: ids, names of actions and objects, address, time only.
    fields = {f.name for f in AuditEvent._meta.concrete_fields}
    assert fields == {"id", "at", "action", "actor_id", "actor_name", "actor_role", "patient_id", "object_type",
                      "object_id", "path", "ip"}


def test_login_logout_and_failed_login_are_recorded(world: Any) -> None:
    client = Client(REMOTE_ADDR="192.0.2.7")
    url = reverse("accounts:login")
    client.post(url, {"username": "gp_x", "password": "wrong-password-here"})
    failed = _last(action=AuditAction.LOGIN_FAILED)
    assert failed.actor_id == world.clinician_x.pk and failed.ip == "192.0.2.7"
    # A password typed into the username field is never recorded.
    client.post(url, {"username": "my-secret-passphrase", "password": "x"})
    assert _last(action=AuditAction.LOGIN_FAILED).actor_name == ""
    assert not AuditEvent.objects.filter(actor_name__contains="secret").exists()
    assert client.post(url, {"username": "gp_x", "password": PASSWORD}).status_code == 302
    assert _last(action=AuditAction.LOGIN).actor_id == world.clinician_x.pk
    client.post(reverse("accounts:logout"))
    assert _last(action=AuditAction.LOGOUT).actor_id == world.clinician_x.pk


def test_the_application_cannot_change_or_delete_audit_rows(world: Any) -> None:
    event = AuditEvent.objects.create(action=AuditAction.VIEW, patient_id=world.patient_a.pk)
    event.action = AuditAction.CHANGE
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="login")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.parametrize("sql", [
    "UPDATE security_auditevent SET action = 'login' WHERE id = %s",
    "DELETE FROM security_auditevent WHERE id = %s",
])
def test_the_database_refuses_update_and_delete(world: Any, sql: str) -> None:
    event = AuditEvent.objects.create(action=AuditAction.VIEW, patient_id=world.patient_a.pk)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == AuditAction.VIEW


def test_admin_reads_a_patients_access_history(world: Any, login: Any) -> None:
    login(world.assistant_x).get(reverse("consultations:overview", args=[world.patient_a.pk]))
    client = login(world.admin_x)
    response = client.get(reverse("security:patient_access", args=[world.patient_a.pk]))
    assert response.status_code == 200
    assert "mfa_x" in response.content.decode()
    url = reverse("security:patient_access", args=[world.patient_a.pk])
    assert login(world.clinician_x).get(url).status_code == 404


def test_patient_sees_who_looked_at_their_data(world: Any, login: Any) -> None:
    login(world.assistant_x).get(reverse("consultations:overview", args=[world.patient_a.pk]))
    response = login(world.patient_a_user).get(reverse("security:my_access"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "mfa_x" in body
    # Patient B's page does not list who looked at patient A.
    assert "mfa_x" not in login(world.patient_b_user).get(reverse("security:my_access")).content.decode()


def test_viewing_a_plan_handout_is_recorded(world: Any, login: Any) -> None:
    login(world.clinician_x).get(reverse("handouts:preview", args=[world.plan_a.pk]))
    event = _last(action=AuditAction.VIEW, object_type="consultations.plan")
    assert event.patient_id == world.patient_a.pk and event.object_id == str(world.plan_a.pk)
    assert login(world.clinician_y).get(reverse("handouts:preview", args=[world.plan_a.pk])).status_code == 404
    assert _last(action=AuditAction.DENIED).object_type == "consultations.plan"


@pytest.mark.django_db(transaction=True)  # autocommit, as a page view runs
def test_a_view_row_commits_without_waiting_for_the_disk_and_nothing_else_does(world: Any) -> None:
    """SQLite: the view's own commit runs with synchronous=NORMAL (written to the WAL before the
    page is answered; test_crash.py kills the server and finds every answered view); the
    connection is back to FULL for every other write. PostgreSQL: nothing relaxed."""
    from backactive.security import audit

    seen: list[tuple[str, int | None]] = []

    def spy(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if connection.vendor == "sqlite":
            seen.append((sql.split()[2], connection.connection.execute("PRAGMA synchronous").fetchone()[0]))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        audit.record(AuditAction.VIEW, user=world.clinician_x, patient_id=world.patient_a.pk, obj=world.patient_a)
        audit.record(AuditAction.EXPORT, user=world.clinician_x, patient_id=world.patient_a.pk, obj=world.patient_a)
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, patient_id=world.patient_a.pk).exists()
    if connection.vendor == "sqlite":
        normal, full = 1, 2
        assert seen == [('"security_auditevent"', normal), ('"security_auditevent"', full)]
        assert connection.connection.execute("PRAGMA synchronous").fetchone()[0] == full
