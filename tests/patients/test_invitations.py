"""Invitations: staff create one (code + QR), the patient sets a password and lands on their
pages; single use, 14 days, Django's password rules, no account without an invitation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from backactive.accounts.models import Invitation, Role, User
from backactive.patients import invitations
from backactive.patients.models import Patient

GOOD = "a-quiet-garden-path"


@pytest.fixture
def new_patient(world: Any) -> Patient:
    return Patient.objects.create(practice=world.practice_x, display_name="Nora Neu", year_of_birth=1955)


def test_staff_create_an_invitation_with_code_and_qr(world: Any, login: Any, new_patient: Patient) -> None:
    response = login(world.assistant_x).post(reverse("patients:invitation_create", args=[new_patient.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and 'class="segno"' in html
    invitation = Invitation.objects.get(patient=new_patient)
    assert invitation.expires_at - invitation.created_at >= dt.timedelta(days=13, hours=23)
    # Only a hash is stored: the page's code is not in the database.
    code = html.split('data-testid="invite-code">')[1].split("<")[0]
    assert invitation.code_hash != code and invitation.code_hash == invitations.code_hash(code)


def test_staff_of_another_practice_cannot_invite(world: Any, login: Any, new_patient: Patient) -> None:
    other_practice = login(world.clinician_y)
    assert other_practice.post(reverse("patients:invitation_create", args=[new_patient.pk])).status_code == 404


def test_patient_accepts_and_lands_on_own_pages(world: Any, client: Any, new_patient: Patient) -> None:
    code = invitations.invitation_create(patient=new_patient, created_by=world.assistant_x).code
    url = reverse("patients:invitation_accept", args=[code])
    response = client.post(url, {"username": "nora55", "password1": GOOD, "password2": GOOD, "email": ""})
    assert response.status_code == 302 and response["Location"] == reverse("me:welcome")
    user = User.objects.get(username="nora55")
    assert user.role == Role.PATIENT and user.practice == world.practice_x and user.check_password(GOOD)
    new_patient.refresh_from_db()
    assert new_patient.user == user
    assert client.get(reverse("me:today")).status_code == 200
    # Single use: the same code now answers 404.
    client.logout()
    assert client.get(url).status_code == 404


def test_typing_the_code_in_any_form_finds_it(world: Any, client: Any, new_patient: Patient) -> None:
    code = invitations.invitation_create(patient=new_patient, created_by=world.assistant_x).code
    response = client.post(reverse("patients:invitation_start"), {"code": code.lower().replace("-", " ")})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_expired_and_replaced_codes_do_not_work(world: Any, client: Any, new_patient: Patient) -> None:
    first = invitations.invitation_create(patient=new_patient, created_by=world.assistant_x)
    second = invitations.invitation_create(patient=new_patient, created_by=world.assistant_x)
    assert client.get(reverse("patients:invitation_accept", args=[first.code])).status_code == 404
    Invitation.objects.filter(pk=second.invitation.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(reverse("patients:invitation_accept", args=[second.code])).status_code == 404


@pytest.mark.parametrize(
    ("password", "message"),
    [("short", "too short"), ("1234567890123", "entirely numeric"), ("password1234", "too common")],
)
def test_django_password_rules_apply(world: Any, new_patient: Patient, password: str, message: str) -> None:
    code = invitations.invitation_create(patient=new_patient, created_by=world.assistant_x).code
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        invitations.invitation_accept(code=code, username="nora55", password=password)
    assert message in " ".join(exc.value.message_dict["password1"])
    assert not User.objects.filter(username="nora55").exists()
    assert invitations.invitation_for_code(code) is not None  # still usable after a refused password


def test_existing_login_gets_a_new_password(world: Any, new_patient: Patient) -> None:
    code = invitations.invitation_create(patient=world.patient_a, created_by=world.assistant_x).code
    user = invitations.invitation_accept(code=code, username="ignored", password=GOOD, email="a@example.org")
    assert user == world.patient_a_user and user.username == "patient_a" and user.email == "a@example.org"


def test_taken_username_is_refused(world: Any, new_patient: Patient) -> None:
    code = invitations.invitation_create(patient=new_patient, created_by=world.assistant_x).code
    with pytest.raises(ValidationError):
        invitations.invitation_accept(code=code, username="PATIENT_A", password=GOOD)


def test_codes_are_readable(world: Any, new_patient: Patient) -> None:
    code = invitations.invitation_create(patient=new_patient, created_by=world.assistant_x).code
    assert len(code) == 12 and code.count("-") == 2
    assert not set(code) & set("01OIL")


def test_invitation_page_fills_in_the_code_from_the_link(db: Any, client: Any) -> None:
    html = client.get(reverse("patients:invitation_start") + "?code=ABCD-2345").content.decode()
    assert 'value="ABCD-2345"' in html
