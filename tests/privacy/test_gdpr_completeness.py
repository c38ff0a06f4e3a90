"""GDPR completeness (issue 12, item 11). Before: the export missed the e-mail address, the
sessions and the patient's own audit rows; after erasure the audit trail kept a user name built
from the patient's name; erased data stayed readable in SQLite's WAL (secure_delete was not set);
an erased patient could be re-invited and the login came back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from backactive.patients import invitations
from backactive.privacy import selectors as privacy_selectors
from backactive.privacy import services as privacy_services
from backactive.security.models import AuditEvent
from tests.conftest import PASSWORD

BACKACTIVE = str(Path(sys.executable).parent / "backactive")


def _logged_in_patient(world: Any) -> Client:
    user = world.patient_a_user
    user.username, user.email = "anna.aalto", "anna.aalto@example.org"
    user.save()
    client = Client(REMOTE_ADDR="198.51.100.4", HTTP_USER_AGENT="Anna's phone")
    assert client.post(reverse("accounts:login"), {"username": "anna.aalto", "password": PASSWORD}).status_code == 302
    client.get(reverse("me:today"))
    return client


def test_the_export_holds_the_account_sessions_and_own_actions(world: Any) -> None:
    _logged_in_patient(world)
    data = json.loads(privacy_selectors.export_json(world.patient_a))
    assert data["account"]["email"] == "anna.aalto@example.org" and data["account"]["username"] == "anna.aalto"
    assert "password" not in json.dumps(data["account"])
    assert data["sessions"] and data["sessions"][0]["ip"] == "198.51.100.4"
    assert {"login", "view"} <= {a["action"] for a in data["own_actions"]}


def test_erasure_leaves_no_name_derived_identifiers_in_the_audit_trail(world: Any) -> None:
    _logged_in_patient(world)
    privacy_services.patient_erase(patient=world.patient_a, requested_by=world.admin_x)
    for field in ("actor_name", "path", "object_id", "object_type"):
        assert not AuditEvent.objects.filter(**{f"{field}__icontains": "aalto"}).exists(), field
    world.patient_a_user.refresh_from_db()
    user = world.patient_a_user
    assert (user.username, user.email, user.first_name, user.is_active) == (f"erased-{user.pk}", "", "", False)
    assert not user.has_usable_password()


def test_an_erased_patient_cannot_be_re_invited(world: Any, login: Any) -> None:
    earlier = invitations.invitation_create(patient=world.patient_a, created_by=world.assistant_x)
    privacy_services.patient_erase(patient=world.patient_a, requested_by=world.admin_x)
    world.patient_a.refresh_from_db()
    with pytest.raises(ValidationError):
        invitations.invitation_create(patient=world.patient_a, created_by=world.assistant_x)
    assert invitations.invitation_for_code(earlier.code) is None
    page = login(world.assistant_x).post(reverse("patients:invitation_create", args=[world.patient_a.pk]))
    assert page.status_code == 200 and page.context["refused"] and "issued" not in page.context
    accept = Client().post(reverse("patients:invitation_accept", args=[earlier.code]),
                           {"username": "anna2", "password1": PASSWORD, "password2": PASSWORD})  # fmt: skip
    assert accept.status_code == 404
    world.patient_a_user.refresh_from_db()
    assert not world.patient_a_user.is_active


ERASE = """
import uuid, datetime as dt
from django.db import connection
from backactive.accounts.models import Practice, Role, User
from backactive.patients.models import Patient
from backactive.diary import services as diary
from backactive.privacy import services as privacy_services
practice = Practice.objects.create(name="P")
user = User.objects.create(username="zyxwvu.marker", email="zyxwvu.marker@example.org", role=Role.PATIENT,
                           practice=practice, first_name="Zyxwvu Marker")
patient = Patient.objects.create(practice=practice, display_name="Zyxwvu Marker", user=user)
for n in range(30):
    diary.pain_entry_create(patient=patient, date=dt.date.today() - dt.timedelta(days=n), pain=4, source="patient",
                            entered_by=user, client_id=uuid.uuid4())
privacy_services.patient_erase(patient=patient)  # no clinical record: the patient is purged at once
print(connection.settings_dict["NAME"])
"""


def test_erased_data_is_not_left_in_the_sqlite_files(tmp_path: Path) -> None:
    """A search of the database file and its WAL for the erased name's bytes, after an erasure
    (secure_delete zeroes deleted rows; the checkpoint empties the WAL)."""
    database = tmp_path / "erase.sqlite3"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=f"sqlite:///{database}",
               BACKACTIVE_DATA_DIR=str(tmp_path), LOG_LEVEL="WARNING")  # fmt: skip
    for args in (["migrate", "--noinput", "-v", "0"], ["shell", "-c", ERASE]):
        done = subprocess.run([BACKACTIVE, *args], env=env, capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, done.stderr[-2000:]
    files = [p for p in tmp_path.iterdir() if p.name.startswith("erase.sqlite3")]
    assert database in files
    for path in files:
        content = path.read_bytes()
        assert b"zyxwvu" not in content.lower(), f"{path.name} still holds the erased name"
